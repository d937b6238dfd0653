package com.staffchat.realtime.transport;

import static com.staffchat.realtime.support.RealtimeServerTest.APP_ID;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.staffchat.realtime.ops.OpenConnections;
import com.staffchat.realtime.support.BareWebSocket;
import com.staffchat.realtime.support.Prometheus;
import com.staffchat.realtime.support.SignedApiClient;
import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * A client that stops reading is cut off: its queue holds at most 32 frames, then it is closed with
 * 4100 and, since it cannot even take the close frame, its TCP connection is dropped. The server
 * therefore holds only a bounded backlog, whatever is published.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "staffchat.realtime.outbound-queue-frames=32",
            "staffchat.realtime.default-limits.api-requests-per-second=0",
            "staffchat.realtime.max-event-bytes=65536"
        })
class SlowConsumerTest {

    private static final int EVENTS = 600;

    @LocalServerPort
    private int port;

    @Autowired
    private OpenConnections connections;

    @Test
    void clientThatStopsReadingIsDisconnectedAndItsBacklogStaysBounded() throws Exception {
        String data = "x".repeat(60_000);
        String body = "{\"name\":\"big\",\"channel\":\"slow-lobby\",\"data\":\"" + data + "\"}";
        try (BareWebSocket reader = new BareWebSocket(port, "/app/staffchat-key?protocol=7", Duration.ofSeconds(20))) {
            reader.nextFrame();
            reader.sendText("{\"event\":\"pusher:subscribe\",\"data\":{\"channel\":\"slow-lobby\"}}");
            assertThat(reader.nextFrame().text()).contains("subscription_succeeded");
            assertThat(connections.size(APP_ID)).isEqualTo(1);

            // 600 events of 60 KB (36 MB, more than loopback's socket buffers hold) to a client that reads nothing from
            // now on.
            SignedApiClient api = new SignedApiClient(port);
            for (int i = 0; i < EVENTS; i++) {
                assertThat(api.post("/apps/" + APP_ID + "/events", body).send().statusCode())
                        .isEqualTo(200);
            }

            await().atMost(Duration.ofSeconds(15)).until(() -> connections.size(APP_ID) == 0);
            assertThat(new Prometheus(port)
                            .value("staffchat_realtime_slow_consumers_dropped_total", "app=\"" + APP_ID + "\""))
                    .isEqualTo(1);

            // What reaches the client is what the kernel buffers held plus the bounded queue, far from all of it.
            int received = 0;
            try {
                while (reader.nextFrame().opcode() == BareWebSocket.TEXT) {
                    received++;
                }
            } catch (IOException dropped) {
                // The server dropped the connection after the close frame could not be delivered.
            }
            assertThat(received).isLessThan(EVENTS / 2);
        }
    }
}
