package com.staffchat.realtime.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every Pusher error code is its own type that renders its own frame and, for the 4000-4299
 * family, closes with its own code. (The server-raised ones are also asserted end to end.)
 */
class PusherErrorFramesTest {

    static Stream<Arguments> errors() {
        return Stream.of(
                Arguments.of(
                        new ApplicationDoesNotExist("k"), 4001, "Application does not exist: no app has the key 'k'"),
                Arguments.of(
                        new ApplicationDisabled("k"),
                        4003,
                        "Application disabled: the app with the key 'k' is disabled"),
                Arguments.of(
                        new OverConnectionQuota(500), 4004, "Over connection quota: this app allows 500 connections"),
                Arguments.of(new PathNotFound("/app/"), 4005, "Path not found: connect to /app/{key}, not /app/"),
                Arguments.of(new InvalidVersionString("x.y"), 4006, "Invalid version string format: 'x.y'"),
                Arguments.of(
                        new UnsupportedProtocolVersion("4"),
                        4007,
                        "Unsupported protocol version '4': this server speaks protocols 5 to 7"),
                Arguments.of(
                        new NoProtocolVersion(),
                        4008,
                        "No protocol version supplied: add ?protocol=7 to the connection URL"),
                Arguments.of(
                        new TerminatedByApp("bob"),
                        4009,
                        "Connection terminated by the app: user 'bob' was signed out"),
                Arguments.of(
                        new SignInRequired(java.time.Duration.ofSeconds(30)),
                        4009,
                        "Connection not authorized within timeout: this app requires pusher:signin within 30 s of"
                                + " connecting"),
                Arguments.of(new OverCapacity(256), 4100, "Over capacity: 256 frames were waiting for this connection"),
                Arguments.of(
                        new TooManyConnectionsFromAddress(500),
                        4100,
                        "Over capacity: at most 500 connections from one address; reconnect after closing another"),
                Arguments.of(new ReconnectImmediately("Server shutting down"), 4200, "Server shutting down"),
                Arguments.of(new PongNotReceived(), 4201, "Pong reply not received"),
                Arguments.of(
                        new ClosedAfterInactivity(),
                        4202,
                        "Closed after inactivity: the client neither pinged nor answered pings"));
    }

    @ParameterizedTest
    @MethodSource("errors")
    void closingErrorSendsItsFrameThenClosesWithItsCode(PusherError error, int code, String message) {
        RecordingOutbound outbound = new RecordingOutbound();

        error.deliverTo(outbound);

        assertThat(outbound.frames)
                .containsExactly("{\"event\":\"pusher:error\",\"data\":{\"code\":" + code + ",\"message\":\"" + message
                        + "\"}}");
        assertThat(outbound.closeCodes).containsExactly(code);
    }

    static Stream<Arguments> nonClosingErrors() {
        return Stream.of(
                Arguments.of(
                        new ClientEventRejected(10),
                        "{\"event\":\"pusher:error\",\"data\":{\"code\":4301,"
                                + "\"message\":\"Client event rejected due to rate limit: at most 10 client events a second\"}}"),
                Arguments.of(
                        new WatchlistLimitExceeded(100),
                        "{\"event\":\"pusher:error\",\"data\":{\"code\":4302,"
                                + "\"message\":\"Watchlist limit exceeded. Only the first 100 user IDs are accepted.\"}}"),
                Arguments.of(
                        new ConnectionUnauthorized("Invalid signin"),
                        "{\"event\":\"pusher:error\",\"data\":{\"code\":4009,\"message\":\"Invalid signin\"}}"),
                Arguments.of(
                        new InvalidMessage("Unsupported event received on socket: pusher:foo"),
                        "{\"event\":\"pusher:error\",\"data\":{\"code\":null,\"message\":\"Unsupported event received on socket: pusher:foo\"}}"));
    }

    static Stream<Arguments> refusedSubscriptions() {
        String limit = "Subscription refused: this connection is already subscribed to 500 channels, the most"
                + " allowed; unsubscribe from one first";
        String rate = "Subscription refused: this app may open at most 100 new public channels a second; retry later";
        return Stream.of(
                Arguments.of(new SubscriptionLimitReached("lobby", 500), limit),
                Arguments.of(new ChannelCreationRateLimited("lobby", 100), rate));
    }

    @ParameterizedTest
    @MethodSource("refusedSubscriptions")
    void refusedSubscriptionSendsACodelessErrorAndASubscriptionErrorWithStatus429(PusherError error, String message) {
        RecordingOutbound outbound = new RecordingOutbound();

        error.deliverTo(outbound);

        assertThat(outbound.frames)
                .containsExactly(
                        "{\"event\":\"pusher:error\",\"data\":{\"code\":null,\"message\":\"" + message + "\"}}",
                        "{\"event\":\"pusher:subscription_error\",\"channel\":\"lobby\",\"data\":\"{"
                                + "\\\"type\\\":\\\"LimitReached\\\",\\\"error\\\":\\\"" + message
                                + "\\\",\\\"status\\\":429}\"}");
        assertThat(outbound.closeCodes).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("nonClosingErrors")
    void nonClosingErrorSendsOnlyItsFrame(PusherError error, String frame) {
        RecordingOutbound outbound = new RecordingOutbound();

        error.deliverTo(outbound);

        assertThat(outbound.frames).containsExactly(frame);
        assertThat(outbound.closeCodes).isEmpty();
    }

    /** The transport side of a connection, recording what the protocol hands it. */
    static final class RecordingOutbound implements Outbound {

        final List<String> frames = new ArrayList<>();

        final List<Integer> closeCodes = new ArrayList<>();

        @Override
        public synchronized boolean send(String frame) {
            frames.add(frame);
            return true;
        }

        @Override
        public synchronized void close(int code, String reason) {
            closeCodes.add(code);
        }
    }
}
