package com.staffchat.realtime.transport;

import static org.assertj.core.api.Assertions.assertThat;

import com.staffchat.realtime.support.BareWebSocket;
import com.staffchat.realtime.support.BareWebSocket.Frame;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The server's side of liveness, with timeouts shortened to one second: it pings a silent
 * connection, a pong counts as activity, and a connection that never answers is closed with 4201.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"staffchat.realtime.activity-timeout=1s", "staffchat.realtime.pong-timeout=1s"})
class LivenessTest {

    @LocalServerPort
    private int port;

    @Test
    void silentConnectionIsPingedKeptAliveByItsPongAndClosedWith4201WhenItStopsAnswering() throws Exception {
        try (BareWebSocket client = new BareWebSocket(port, "/app/staffchat-key?protocol=7", Duration.ofSeconds(10))) {
            Frame established = client.nextFrame();
            assertThat(established.text()).contains("\\\"activity_timeout\\\":1}");

            Frame firstPing = client.nextFrame();
            assertThat(firstPing.opcode()).isEqualTo(BareWebSocket.PING);
            client.sendPong(firstPing.payload());

            // Had the pong not counted, the server would now close (two seconds of silence); it pings again instead.
            assertThat(client.nextFrame().opcode()).isEqualTo(BareWebSocket.PING);

            Frame error = client.nextFrame();
            assertThat(error.text())
                    .isEqualTo(
                            "{\"event\":\"pusher:error\",\"data\":{\"code\":4201,\"message\":\"Pong reply not received\"}}");
            Frame close = client.nextFrame();
            assertThat(close.opcode()).isEqualTo(BareWebSocket.CLOSE);
            assertThat(close.closeCode()).isEqualTo(4201);
        }
    }
}
