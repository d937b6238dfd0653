package com.staffchat.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import java.util.List;
import org.junit.jupiter.api.Test;

class TimerDeltaTest {

    private static final String BEFORE = """
            # HELP staffchat_pipeline_hop_seconds Time spent in one hop of the send pipeline
            # TYPE staffchat_pipeline_hop_seconds histogram
            staffchat_pipeline_hop_seconds_bucket{application="message-service",hop="send.commit",le="0.001"} 10.0
            staffchat_pipeline_hop_seconds_bucket{application="message-service",hop="send.commit",le="0.005"} 20.0
            staffchat_pipeline_hop_seconds_bucket{application="message-service",hop="send.commit",le="0.01"} 20.0
            staffchat_pipeline_hop_seconds_bucket{application="message-service",hop="send.commit",le="+Inf"} 20.0
            staffchat_pipeline_hop_seconds_count{application="message-service",hop="send.commit"} 20.0
            staffchat_pipeline_hop_seconds_sum{application="message-service",hop="send.commit"} 0.05
            staffchat_pipeline_hop_seconds_count{application="message-service",hop="outbox.relay"} 5.0
            staffchat_pipeline_hop_seconds_sum{application="message-service",hop="outbox.relay"} 0.5
            jvm_threads_live_threads 42.0
            """;

    // 100 more commits between the scrapes: 50 under 1 ms, 49 in (1, 5] ms, 1 in (5, 10] ms; 4 s more for the relay;
    // a hop that appeared only now (kafka.consume), and a label value with an escaped quote
    private static final String AFTER = """
            staffchat_pipeline_hop_seconds_bucket{application="message-service",hop="send.commit",le="0.001"} 60.0
            staffchat_pipeline_hop_seconds_bucket{application="message-service",hop="send.commit",le="0.005"} 119.0
            staffchat_pipeline_hop_seconds_bucket{application="message-service",hop="send.commit",le="0.01"} 120.0
            staffchat_pipeline_hop_seconds_bucket{application="message-service",hop="send.commit",le="+Inf"} 120.0
            staffchat_pipeline_hop_seconds_count{application="message-service",hop="send.commit"} 120.0
            staffchat_pipeline_hop_seconds_sum{application="message-service",hop="send.commit"} 0.25
            staffchat_pipeline_hop_seconds_count{application="message-service",hop="outbox.relay"} 15.0
            staffchat_pipeline_hop_seconds_sum{application="message-service",hop="outbox.relay"} 4.5
            staffchat_pipeline_hop_seconds_count{hop="kafka.consume",note="a \\"quoted\\" value"} 4
            staffchat_pipeline_hop_seconds_sum{hop="kafka.consume",note="a \\"quoted\\" value"} 2E-2
            """;

    @Test
    void samplesAreReadWithTheirLabelsAndCommentsAreSkipped() {
        PrometheusScrape scrape = PrometheusScrape.parse(AFTER + "\n# EOF\n");

        assertThat(scrape.named("staffchat_pipeline_hop_seconds_bucket")).hasSize(4);
        var consume = scrape.named("staffchat_pipeline_hop_seconds_count").get(2);
        assertThat(consume.labels()).containsEntry("hop", "kafka.consume").containsEntry("note", "a \"quoted\" value");
        assertThat(consume.value()).isEqualTo(4.0);
        assertThat(PrometheusScrape.parse(BEFORE)
                        .named("jvm_threads_live_threads")
                        .get(0)
                        .value())
                .isEqualTo(42.0);
    }

    @Test
    void everyHopFoundIsReportedWithItsCountAndMeanBetweenTheScrapes() {
        List<TimerDelta> hops = TimerDelta.between(
                PrometheusScrape.parse(BEFORE), PrometheusScrape.parse(AFTER), "staffchat_pipeline_hop_seconds", "hop");

        assertThat(hops).extracting(TimerDelta::tag).containsExactly("kafka.consume", "outbox.relay", "send.commit");
        TimerDelta commit = hops.get(2);
        assertThat(commit.count()).isEqualTo(100);
        assertThat(commit.meanMillis()).isCloseTo(2.0, offset(1e-9));
        TimerDelta relay = hops.get(1);
        assertThat(relay.count()).isEqualTo(10);
        assertThat(relay.meanMillis()).isCloseTo(400.0, offset(1e-9));
        assertThat(relay.p99Millis()).isNaN();
        TimerDelta consume = hops.get(0);
        assertThat(consume.count()).isEqualTo(4);
        assertThat(consume.meanMillis()).isCloseTo(5.0, offset(1e-9));
    }

    @Test
    void p99IsInterpolatedWithinTheBucketThatHoldsIt() {
        TimerDelta commit = TimerDelta.between(
                        PrometheusScrape.parse(BEFORE),
                        PrometheusScrape.parse(AFTER),
                        "staffchat_pipeline_hop_seconds",
                        "hop")
                .get(2);

        // the 99th of 100 lies in (1, 5] ms, which holds recordings 51..99: (99 - 50) / 49 of the way = 5 ms
        assertThat(commit.p99Millis()).isCloseTo(5.0, offset(1e-6));
        assertThat(commit.p99AboveLastBucket()).isFalse();
    }

    @Test
    void aP99BeyondTheLastFiniteBucketIsReportedAsItsLowerBound() {
        String after = """
                t_seconds_bucket{le="0.1"} 1
                t_seconds_bucket{le="+Inf"} 10
                t_seconds_count 10
                t_seconds_sum 30
                """;

        TimerDelta t = TimerDelta.between(PrometheusScrape.empty(), PrometheusScrape.parse(after), "t_seconds", null)
                .get(0);

        assertThat(t.tag()).isEmpty();
        assertThat(t.p99Millis()).isCloseTo(100.0, offset(1e-9));
        assertThat(t.p99AboveLastBucket()).isTrue();
    }

    @Test
    void aServiceWithoutTheTimerReportsNoHops() {
        assertThat(TimerDelta.between(
                        PrometheusScrape.parse(BEFORE),
                        PrometheusScrape.parse("jvm_threads_live_threads 40\n"),
                        "staffchat_pipeline_hop_seconds",
                        "hop"))
                .isEmpty();
    }
}
