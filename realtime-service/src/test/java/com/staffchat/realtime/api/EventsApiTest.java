package com.staffchat.realtime.api;

import static com.staffchat.realtime.support.RealtimeServerTest.APP_ID;
import static org.assertj.core.api.Assertions.assertThat;

import com.staffchat.realtime.support.RawPusherClient;
import com.staffchat.realtime.support.RealtimeServerTest;
import com.staffchat.realtime.support.SignedApiClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The signed HTTP API, one case per way a request can be refused, each ending in its status and body. */
@RealtimeServerTest
class EventsApiTest {

    private static final String EVENTS = "/apps/" + APP_ID + "/events";

    private static final String BATCH = "/apps/" + APP_ID + "/batch_events";

    private static final String EVENT =
            "{\"name\":\"message-sent\",\"channels\":[\"hotel-1\"],\"data\":\"{\\\"id\\\":1}\"}";

    @LocalServerPort
    private int port;

    private SignedApiClient api;

    @BeforeEach
    void client() {
        api = new SignedApiClient(port);
    }

    @Test
    void signedEventIsAnsweredWithExactly200AndAnEmptyObject() {
        HttpResponse<String> response = api.post(EVENTS, EVENT).send();

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{}");
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
    }

    @Test
    void signedBatchIsAnsweredWithExactly200AndAnEmptyObject() {
        String batch =
                "{\"batch\":[{\"channel\":\"hotel-1\",\"name\":\"a\",\"data\":\"1\"},{\"channel\":\"hotel-2\",\"name\":\"b\",\"data\":\"2\"}]}";

        HttpResponse<String> response = api.post(BATCH, batch).send();

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{}");
    }

    @Test
    void signatureMadeWithAnotherSecretGets401() {
        HttpResponse<String> response =
                api.post(EVENTS, EVENT).signedWithSecret("not-the-secret").send();

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body())
                .startsWith("Invalid signature: you should have sent HmacSHA256Hex(\"POST\\n" + EVENTS
                        + "\\nauth_key=staffchat-key&auth_timestamp=");
    }

    @Test
    void timestampOlderThan600SecondsGets401() {
        HttpResponse<String> response = api.post(EVENTS, EVENT)
                .at(Instant.now().minus(Duration.ofSeconds(660)))
                .send();

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body())
                .startsWith("Timestamp expired: given timestamp (")
                .contains("not within 600s of server time");
    }

    @Test
    void timestampFromTheFarFutureGets401() {
        HttpResponse<String> response = api.post(EVENTS, EVENT)
                .at(Instant.now().plus(Duration.ofSeconds(660)))
                .send();

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body()).startsWith("Timestamp expired");
    }

    @Test
    void bodyThatDoesNotMatchItsSignedMd5Gets401() {
        HttpResponse<String> response = api.post(EVENTS, EVENT)
                .withBodyMd5(SignedApiClient.md5("another body"))
                .send();

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body()).isEqualTo("Invalid body_md5: it does not match the MD5 of the body received");
    }

    @Test
    void unknownAppGets404() {
        HttpResponse<String> response =
                api.post("/apps/no-such-app/events", EVENT).send();

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.body()).isEqualTo("Unknown app 'no-such-app'");
    }

    @Test
    void moreThan100ChannelsGets400() {
        String channels = IntStream.rangeClosed(1, 101)
                .mapToObj(i -> "\"hotel-" + i + "\"")
                .collect(Collectors.joining(","));

        HttpResponse<String> response = api.post(
                        EVENTS, "{\"name\":\"e\",\"channels\":[" + channels + "],\"data\":\"x\"}")
                .send();

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).isEqualTo("Too many channels: 101, at most 100 per event");
    }

    @Test
    void exactly100ChannelsAreAccepted() {
        String channels = IntStream.rangeClosed(1, 100)
                .mapToObj(i -> "\"hotel-" + i + "\"")
                .collect(Collectors.joining(","));

        HttpResponse<String> response = api.post(
                        EVENTS, "{\"name\":\"e\",\"channels\":[" + channels + "],\"data\":\"x\"}")
                .send();

        assertThat(response.statusCode()).isEqualTo(200);
    }

    @Test
    void dataOver10KilobytesGets413() {
        String data = "x".repeat(10241);

        HttpResponse<String> response = api.post(
                        EVENTS, "{\"name\":\"e\",\"channel\":\"hotel-1\",\"data\":\"" + data + "\"}")
                .send();

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.body()).isEqualTo("Event data too large: 10241 bytes, the limit is 10240 bytes");
    }

    @Test
    void dataOfExactly10KilobytesIsAccepted() {
        HttpResponse<String> response = api.post(
                        EVENTS, "{\"name\":\"e\",\"channel\":\"hotel-1\",\"data\":\"" + "x".repeat(10240) + "\"}")
                .send();

        assertThat(response.statusCode()).isEqualTo(200);
    }

    @Test
    void malformedJsonGets400() {
        HttpResponse<String> response = api.post(EVENTS, "{\"name\":").send();

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).startsWith("Invalid JSON");
    }

    @Test
    void eventWithoutChannelsGets400() {
        HttpResponse<String> response =
                api.post(EVENTS, "{\"name\":\"e\",\"data\":\"x\"}").send();

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).isEqualTo("Missing channels: name at least one channel");
    }

    @Test
    void invalidChannelNameGets400() {
        HttpResponse<String> response = api.post(EVENTS, "{\"name\":\"e\",\"channel\":\"hotel 1\",\"data\":\"x\"}")
                .send();

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).startsWith("Invalid channel name 'hotel 1'");
    }

    @Test
    void batchOfMoreThan10EventsGets400() {
        String events = IntStream.rangeClosed(1, 11)
                .mapToObj(i -> "{\"channel\":\"hotel-1\",\"name\":\"e\",\"data\":\"" + i + "\"}")
                .collect(Collectors.joining(","));

        HttpResponse<String> response =
                api.post(BATCH, "{\"batch\":[" + events + "]}").send();

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).isEqualTo("Batch too large: 11 events, at most 10");
    }

    @Test
    void malformedSocketIdGets400() {
        HttpResponse<String> response = api.post(
                        EVENTS, "{\"name\":\"e\",\"channel\":\"hotel-1\",\"data\":\"x\",\"socket_id\":\"abc\"}")
                .send();

        assertThat(response.statusCode()).isEqualTo(400);
    }

    @Test
    void socketIdExcludesThatConnectionOnly() {
        try (RawPusherClient sender = RawPusherClient.connected(port);
                RawPusherClient other = RawPusherClient.connected(port)) {
            for (RawPusherClient client : new RawPusherClient[] {sender, other}) {
                client.send("{\"event\":\"pusher:subscribe\",\"data\":{\"channel\":\"hotel-exclusion\"}}");
                assertThat(client.nextFrameIgnoringCounts()).contains("pusher_internal:subscription_succeeded");
            }

            assertThat(api.post(
                                    EVENTS,
                                    "{\"name\":\"first\",\"channel\":\"hotel-exclusion\",\"data\":\"1\",\"socket_id\":\""
                                            + sender.socketId() + "\"}")
                            .send()
                            .statusCode())
                    .isEqualTo(200);
            assertThat(api.post(EVENTS, "{\"name\":\"second\",\"channel\":\"hotel-exclusion\",\"data\":\"2\"}")
                            .send()
                            .statusCode())
                    .isEqualTo(200);

            assertThat(other.nextFrameIgnoringCounts())
                    .isEqualTo("{\"event\":\"first\",\"channel\":\"hotel-exclusion\",\"data\":\"1\"}");
            assertThat(other.nextFrameIgnoringCounts())
                    .isEqualTo("{\"event\":\"second\",\"channel\":\"hotel-exclusion\",\"data\":\"2\"}");
            // Frames reach a connection in publish order, so the excluded sender's next frame is the second event.
            assertThat(sender.nextFrameIgnoringCounts())
                    .isEqualTo("{\"event\":\"second\",\"channel\":\"hotel-exclusion\",\"data\":\"2\"}");
        }
    }
}
