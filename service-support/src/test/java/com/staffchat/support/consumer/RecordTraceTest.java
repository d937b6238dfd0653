package com.staffchat.support.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

class RecordTraceTest {

    static ConsumerRecord<String, byte[]> record(String traceparent) {
        var record = new ConsumerRecord<String, byte[]>("t", 0, 0, "k", new byte[0]);
        if (traceparent != null) {
            record.headers().add(RecordTrace.TRACEPARENT, traceparent.getBytes(StandardCharsets.US_ASCII));
        }
        return record;
    }

    @Test
    void readsTheTraceIdOfAWellFormedTraceparent() {
        var record = record("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");

        assertThat(RecordTrace.traceparent(record))
                .isEqualTo("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
        assertThat(RecordTrace.traceId(record)).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
    }

    @Test
    void ignoresAMissingOrMalformedTraceparent() {
        assertThat(RecordTrace.traceId(record(null))).isNull();
        assertThat(RecordTrace.traceId(record("garbage"))).isNull();
        assertThat(RecordTrace.traceId(record("00-00000000000000000000000000000000-00f067aa0ba902b7-01")))
                .isNull();
        assertThat(RecordTrace.traceId(record("ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")))
                .isNull();
    }

    @Test
    void putsTheTraceIdInTheLogContextAndRestoresWhatWasThere() {
        MDC.put(RecordTrace.TRACE_ID, "outer");
        try (var trace = RecordTrace.inLogs("4bf92f3577b34da6a3ce929d0e0e4736")) {
            assertThat(MDC.get(RecordTrace.TRACE_ID)).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
        }
        assertThat(MDC.get(RecordTrace.TRACE_ID)).isEqualTo("outer");
        MDC.remove(RecordTrace.TRACE_ID);
        try (var none = RecordTrace.inLogs(null)) {
            assertThat(MDC.get(RecordTrace.TRACE_ID)).isNull();
        }
    }
}
