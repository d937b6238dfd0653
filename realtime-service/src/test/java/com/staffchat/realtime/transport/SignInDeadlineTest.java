package com.staffchat.realtime.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.pusher.client.Pusher;
import com.pusher.client.PusherOptions;
import com.pusher.client.connection.ConnectionEventListener;
import com.pusher.client.connection.ConnectionState;
import com.pusher.client.connection.ConnectionStateChange;
import com.pusher.client.util.HttpChannelAuthorizer;
import com.staffchat.realtime.support.AuthEndpoint;
import com.staffchat.realtime.support.RawPusherClient;
import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Pusher's "authorized connections" (issue 14): the app {@code strict} requires pusher:signin within
 * 1 s; a connection that has not signed in by then is closed with 4009. The app {@code relaxed}, with
 * the default (off), keeps connections that never sign in.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "staffchat.realtime.apps[0].id=relaxed",
            "staffchat.realtime.apps[0].key=relaxed-key",
            "staffchat.realtime.apps[0].secret=relaxed-secret",
            "staffchat.realtime.apps[1].id=strict",
            "staffchat.realtime.apps[1].key=strict-key",
            "staffchat.realtime.apps[1].secret=strict-secret",
            "staffchat.realtime.apps[1].sign-in-deadline=1s"
        })
class SignInDeadlineTest {

    private static final String CLOSING_FRAME = "{\"event\":\"pusher:error\",\"data\":{\"code\":4009,\"message\":"
            + "\"Connection not authorized within timeout: this app requires pusher:signin within 1 s of connecting\"}}";

    @LocalServerPort
    private int port;

    @Test
    void connectionThatDoesNotSignInInTimeIsClosedWith4009WhileASignedInOneStays() {
        try (RawPusherClient signedIn = connect("strict-key");
                RawPusherClient anonymous = connect("strict-key");
                RawPusherClient otherApp = connect("relaxed-key")) {
            String userData = "{\"id\":\"u-alice\"}";
            String auth = "strict-key:"
                    + com.pusher.rest.SignatureUtil.sign(signedIn.socketId() + "::user::" + userData, "strict-secret");
            signedIn.send("{\"event\":\"pusher:signin\",\"data\":{\"auth\":\"" + auth + "\",\"user_data\":\""
                    + userData.replace("\"", "\\\"") + "\"}}");
            assertThat(signedIn.nextFrame()).startsWith("{\"event\":\"pusher:signin_success\"");
            anonymous.socketId();
            otherApp.socketId();

            assertThat(anonymous.nextFrame()).isEqualTo(CLOSING_FRAME);
            assertThat(anonymous.closeCode()).isEqualTo(4009);

            // The deadline has passed for all three: the signed-in connection and the other app's stay.
            for (RawPusherClient open : new RawPusherClient[] {signedIn, otherApp}) {
                open.send("{\"event\":\"pusher:ping\",\"data\":{}}");
                assertThat(open.nextFrame()).isEqualTo("{\"event\":\"pusher:pong\",\"data\":{}}");
            }
        }
    }

    @Test
    void javaClientThatNeverSignsInSees4009AndDoesNotReconnect() throws Exception {
        Queue<String> errorCodes = new ConcurrentLinkedQueue<>();
        Queue<ConnectionState> states = new ConcurrentLinkedQueue<>();
        try (AuthEndpoint auth = new AuthEndpoint("strict-key", "strict-secret")) {
            Pusher client = new Pusher(
                    "strict-key",
                    new PusherOptions()
                            .setHost("127.0.0.1")
                            .setWsPort(port)
                            .setUseTLS(false)
                            .setChannelAuthorizer(new HttpChannelAuthorizer(auth.url())));
            try {
                client.connect(
                        new ConnectionEventListener() {
                            @Override
                            public void onConnectionStateChange(ConnectionStateChange change) {
                                states.add(change.getCurrentState());
                            }

                            @Override
                            public void onError(String message, String code, Exception e) {
                                errorCodes.add(String.valueOf(code));
                            }
                        },
                        ConnectionState.ALL);

                await().atMost(Duration.ofSeconds(10))
                        .until(() -> errorCodes.contains("4009")
                                && client.getConnection().getState() == ConnectionState.DISCONNECTED);
                assertThat(states).contains(ConnectionState.CONNECTED).doesNotContain(ConnectionState.RECONNECTING);
            } finally {
                client.disconnect();
            }
        }
    }

    private RawPusherClient connect(String key) {
        RawPusherClient client = RawPusherClient.connect(port, key, "protocol=7");
        client.socketId();
        return client;
    }
}
