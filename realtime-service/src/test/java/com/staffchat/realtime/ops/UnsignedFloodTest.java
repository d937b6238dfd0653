package com.staffchat.realtime.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.staffchat.realtime.support.Prometheus;
import com.staffchat.realtime.support.SignedApiClient;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.ByteBufFlux;
import reactor.netty.http.client.HttpClient;

/**
 * Issue 14, "anyone can stop realtime delivery for every hotel": unsigned requests naming the app
 * used to count against its API quota, so a stranger's flood made the app's own triggers answer 429.
 * The flood comes from 127.0.0.2, the app server's triggers from 127.0.0.1.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "staffchat.realtime.default-limits.api-requests-per-second=50",
            "staffchat.realtime.api-failures-per-address-per-second=5"
        })
class UnsignedFloodTest {

    private static final String EVENT = "{\"name\":\"e\",\"channels\":[\"lobby\"],\"data\":\"{}\"}";

    @LocalServerPort
    private int port;

    @Test
    void floodOfUnsignedTriggersLeavesSignedTriggersAloneAndGetsTheFloodingAddress429() {
        Map<Integer, AtomicInteger> floodStatuses = new ConcurrentHashMap<>();
        AtomicReference<String> blockedBody = new AtomicReference<>();
        AtomicInteger floodAnswers = new AtomicInteger();
        HttpClient stranger = HttpClient.create()
                .bindAddress(() -> new InetSocketAddress("127.0.0.2", 0))
                .baseUrl("http://127.0.0.1:" + port)
                .responseTimeout(Duration.ofSeconds(5));
        Disposable flood = Flux.range(0, Integer.MAX_VALUE)
                .flatMap(
                        i -> stranger.post()
                                .uri("/apps/staffchat/events?auth_key=staffchat-key&auth_timestamp=1&auth_version=1.0"
                                        + "&auth_signature=00")
                                .send(ByteBufFlux.fromString(Mono.just(EVENT)))
                                .responseSingle((response, body) -> body.asString()
                                        .defaultIfEmpty("")
                                        .doOnNext(text -> {
                                            int status = response.status().code();
                                            floodStatuses
                                                    .computeIfAbsent(status, s -> new AtomicInteger())
                                                    .incrementAndGet();
                                            if (status == 429) {
                                                blockedBody.set(text);
                                            }
                                            floodAnswers.incrementAndGet();
                                        })),
                        8)
                .subscribe();
        List<Integer> signedStatuses = new ArrayList<>();
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> floodAnswers.get() >= 200);
            SignedApiClient app = new SignedApiClient(port);
            for (int i = 0; i < 20; i++) {
                signedStatuses.add(
                        app.post("/apps/staffchat/events", EVENT).send().statusCode());
            }
        } finally {
            flood.dispose();
        }

        assertThat(signedStatuses).as("the app's own, signed triggers").containsOnly(200);
        assertThat(floodStatuses.get(401))
                .as("the flood's first requests are refused as unsigned")
                .isNotNull();
        assertThat(floodStatuses.get(429).get())
                .as("then the flooding address is refused before any signature is computed")
                .isGreaterThan(floodStatuses.get(401).get());
        assertThat(blockedBody.get())
                .isEqualTo("Too many unauthenticated requests from your address: at most 5 a second may fail"
                        + " their signature or name no app; retry after 1 s");
        assertThat(new Prometheus(port)
                        .value("staffchat_realtime_rejected_total", "app=\"staffchat\",reason=\"api_client_blocked\""))
                .isGreaterThanOrEqualTo(1);
    }
}
