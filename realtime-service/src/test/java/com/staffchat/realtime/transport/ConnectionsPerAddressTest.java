package com.staffchat.realtime.transport;

import static com.staffchat.realtime.support.RealtimeServerTest.APP_KEY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.pusher.client.Pusher;
import com.pusher.client.PusherOptions;
import com.pusher.client.connection.ConnectionEventListener;
import com.pusher.client.connection.ConnectionState;
import com.pusher.client.connection.ConnectionStateChange;
import com.staffchat.realtime.support.Prometheus;
import com.staffchat.realtime.support.RawPusherClient;
import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Issue 14, "unbounded subscriptions": one client address may hold at most
 * max-connections-per-address connections; one more is closed with 4100, so clients back off and
 * come back by themselves once a place is free.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "staffchat.realtime.max-connections-per-address=2")
class ConnectionsPerAddressTest {

    @LocalServerPort
    private int port;

    @Test
    void connectionBeyondTheAddressBoundGets4100AndTheJavaClientReconnectsOnceAPlaceIsFree() {
        RawPusherClient first = RawPusherClient.connected(port);
        try (RawPusherClient second = RawPusherClient.connected(port)) {
            try (RawPusherClient third = RawPusherClient.connect(port, APP_KEY, "protocol=7")) {
                assertThat(third.nextFrame())
                        .isEqualTo("{\"event\":\"pusher:error\",\"data\":{\"code\":4100,\"message\":\"Over capacity:"
                                + " at most 2 connections from one address; reconnect after closing another\"}}");
                assertThat(third.closeCode()).isEqualTo(4100);
            }

            Queue<String> errorCodes = new ConcurrentLinkedQueue<>();
            Pusher javaClient = new Pusher(
                    APP_KEY,
                    new PusherOptions().setHost("127.0.0.1").setWsPort(port).setUseTLS(false));
            try {
                javaClient.connect(
                        new ConnectionEventListener() {
                            @Override
                            public void onConnectionStateChange(ConnectionStateChange change) {}

                            @Override
                            public void onError(String message, String code, Exception e) {
                                errorCodes.add(String.valueOf(code));
                            }
                        },
                        ConnectionState.ALL);
                await().atMost(Duration.ofSeconds(10)).until(() -> errorCodes.contains("4100"));
                assertThat(javaClient.getConnection().getState()).isNotEqualTo(ConnectionState.CONNECTED);

                first.close();

                await().atMost(Duration.ofSeconds(15))
                        .until(() -> javaClient.getConnection().getState() == ConnectionState.CONNECTED);
                assertThat(javaClient.getConnection().getSocketId()).matches("\\d+\\.\\d+");
            } finally {
                javaClient.disconnect();
            }
        } finally {
            first.close();
        }
        assertThat(new Prometheus(port)
                        .value("staffchat_realtime_rejected_total", "app=\"staffchat\",reason=\"address_connections\""))
                .isGreaterThanOrEqualTo(2);
    }
}
