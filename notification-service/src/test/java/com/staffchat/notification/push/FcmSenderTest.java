package com.staffchat.notification.push;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.staffchat.notification.push.PushNotification.Kind;
import com.staffchat.support.consumer.DependencyUnavailableException;
import com.staffchat.testsupport.FcmTestServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.r2dbc.core.DatabaseClient;

/**
 * FcmSender against real firebase-admin, the local FCM server and PostgreSQL: what each FCM error
 * does to a token, retries and their budget, chunks, and no second push on redelivery.
 */
class FcmSenderTest {

    static final FcmFixture fcm = new FcmFixture();
    static final DatabaseClient db = FcmFixture.migratedDatabase();
    static final Duration WAIT = Duration.ofSeconds(60);

    final RecordingTokenRemoval removal = new RecordingTokenRemoval();
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    final List<FcmSender> senders = new ArrayList<>();

    @AfterAll
    static void stop() {
        fcm.close();
    }

    @BeforeEach
    void reset() {
        fcm.server.reset();
    }

    @AfterEach
    void closeSenders() {
        senders.forEach(FcmSender::close);
    }

    FcmSender sender(Duration retryBudget) {
        var settings = new FcmProperties(
                true,
                FcmFixture.PROJECT,
                null,
                null,
                "messages",
                500,
                4,
                retryBudget,
                Duration.ofMillis(100),
                Duration.ofSeconds(1),
                Duration.ofSeconds(10),
                Duration.ofHours(1),
                Duration.ofDays(14));
        FcmSender sender = new FcmSender(settings, fcm.messaging(), new PushDeliveries(db), removal, meters);
        senders.add(sender);
        return sender;
    }

    static PushNotification push(UUID eventId, List<String> tokens) {
        return new PushNotification(
                eventId,
                "grand-budapest",
                42L,
                7001L,
                17,
                "Front desk",
                "Room 12 needs towels",
                3,
                Kind.NEW_MESSAGE,
                tokens);
    }

    static PushNotification push(List<String> tokens) {
        return push(UUID.randomUUID(), tokens);
    }

    double failed(String reason) {
        var counter = meters.find(FcmSender.FAILED_METRIC).tag("reason", reason).counter();
        return counter == null ? 0 : counter.count();
    }

    double sent() {
        return meters.get(FcmSender.SENT_METRIC).counter().count();
    }

    @Test
    void unregisteredAndInvalidTokensAreRemovedAndNotRetried() {
        var outcome = sender(Duration.ofSeconds(5))
                .send(push(List.of("phone-1", "unregistered-1", "invalid-1", "phone-2")))
                .block(WAIT);

        assertThat(outcome).isEqualTo(new FcmSender.Outcome(2, 0, 2, 0));
        assertThat(removal.removed()).containsExactlyInAnyOrder("unregistered-1", "invalid-1");
        assertThat(fcm.server.requests())
                .extracting(FcmTestServer.Request::token)
                .containsExactlyInAnyOrder("phone-1", "unregistered-1", "invalid-1", "phone-2");
        assertThat(sent()).isEqualTo(2);
        assertThat(failed("unregistered")).isEqualTo(1);
        assertThat(failed("invalid_argument")).isEqualTo(1);
    }

    @Test
    void invalidArgumentAboutThePayloadRemovesNoToken() {
        var outcome = sender(Duration.ofSeconds(5))
                .send(push(List.of("badpayload-1", "badpayload-2")))
                .block(WAIT);

        assertThat(outcome).isEqualTo(new FcmSender.Outcome(0, 0, 0, 2));
        assertThat(removal.removed()).isEmpty();
        assertThat(fcm.server.requests()).hasSize(2);
        assertThat(failed("invalid_payload")).isEqualTo(2);
    }

    @Test
    void quotaAndInternalErrorsRetryOnlyTheFailedTokens() {
        fcm.server.failTransientTimes(1).retryAfterSeconds(0);

        var outcome = sender(Duration.ofSeconds(10))
                .send(push(List.of("phone-1", "quota-1", "internal-1", "unregistered-1")))
                .block(WAIT);

        assertThat(outcome).isEqualTo(new FcmSender.Outcome(3, 0, 1, 0));
        assertThat(fcm.server.requestsFor("phone-1")).hasSize(1);
        assertThat(fcm.server.requestsFor("unregistered-1")).hasSize(1);
        assertThat(fcm.server.requestsFor("quota-1"))
                .extracting(FcmTestServer.Request::status)
                .containsExactly(429, 200);
        assertThat(fcm.server.requestsFor("internal-1"))
                .extracting(FcmTestServer.Request::status)
                .containsExactly(500, 200);
        assertThat(failed("quota_exceeded")).isEqualTo(1);
        assertThat(failed("internal")).isEqualTo(1);
        assertThat(sent()).isEqualTo(3);
    }

    @Test
    void unavailableIsRetriedAfterFirebaseAdminsOwnRetriesGiveUp() {
        // firebase-admin itself retries a 503 four times; the fifth failure reaches the sender
        fcm.server.failTransientTimes(5).retryAfterSeconds(0);

        var outcome = sender(Duration.ofSeconds(20))
                .send(push(List.of("unavailable-1", "phone-1")))
                .block(WAIT);

        assertThat(outcome).isEqualTo(new FcmSender.Outcome(2, 0, 0, 0));
        List<FcmTestServer.Request> attempts = fcm.server.requestsFor("unavailable-1");
        assertThat(attempts).hasSize(6);
        assertThat(attempts.get(5).status()).isEqualTo(200);
        assertThat(fcm.server.requestsFor("phone-1")).hasSize(1);
        assertThat(failed("unavailable")).isEqualTo(1);
    }

    @Test
    void retryAfterIsHonoured() {
        fcm.server.failTransientTimes(1).retryAfterSeconds(2);

        var outcome =
                sender(Duration.ofSeconds(10)).send(push(List.of("quota-1"))).block(WAIT);

        assertThat(outcome.sent()).isEqualTo(1);
        List<FcmTestServer.Request> attempts = fcm.server.requestsFor("quota-1");
        assertThat(attempts).hasSize(2);
        Duration gap = Duration.between(attempts.get(0).at(), attempts.get(1).at());
        // the back-off alone would wait 100-120 ms; FCM asked for 2 s
        assertThat(gap).isBetween(Duration.ofSeconds(2), Duration.ofSeconds(5));
    }

    @Test
    void aServerErrorWithoutAnFcmCodeIsRetriedAndAClientErrorIsNot() {
        var outcome = sender(Duration.ofMillis(700))
                .send(push(List.of("status-a-403", "phone-1")))
                .block(WAIT);
        assertThat(outcome).isEqualTo(new FcmSender.Outcome(1, 0, 0, 1));
        assertThat(fcm.server.requestsFor("status-a-403")).hasSize(1);
        assertThat(failed("http_403")).isEqualTo(1);

        assertThatThrownBy(() -> sender(Duration.ofMillis(700))
                        .send(push(List.of("status-b-502")))
                        .block(WAIT))
                .isInstanceOf(DependencyUnavailableException.class);
        assertThat(fcm.server.requestsFor("status-b-502").size()).isGreaterThan(1);
        assertThat(failed("http_502")).isGreaterThan(1);
    }

    @Test
    void whenTheBudgetIsSpentThePushFailsAsAnOutageAndTheRedeliveryPushesOnlyWhatIsLeft() {
        fcm.server.retryAfterSeconds(1);
        UUID eventId = UUID.randomUUID();
        PushNotification push = push(eventId, List.of("phone-1", "quota-1", "phone-2"));

        assertThatThrownBy(() -> sender(Duration.ofMillis(2500)).send(push).block(WAIT))
                .isInstanceOf(DependencyUnavailableException.class)
                .hasMessageContaining("1 of 3 tokens")
                .hasMessageContaining("quota_exceeded");
        int quotaAttempts = fcm.server.requestsFor("quota-1").size();
        assertThat(quotaAttempts).isBetween(2, 4);
        assertThat(fcm.server.requestsFor("phone-1")).hasSize(1);

        // FCM recovers; the consumer kit delivers the event again
        fcm.server.recover();
        var outcome = sender(Duration.ofSeconds(5)).send(push).block(WAIT);

        assertThat(outcome).isEqualTo(new FcmSender.Outcome(1, 2, 0, 0));
        assertThat(fcm.server.requestsFor("phone-1")).hasSize(1);
        assertThat(fcm.server.requestsFor("phone-2")).hasSize(1);
        assertThat(fcm.server.requestsFor("quota-1")).hasSize(quotaAttempts + 1);
    }

    @Test
    void aRedeliveredNotificationDoesNotPushTwice() {
        UUID eventId = UUID.randomUUID();
        FcmSender sender = sender(Duration.ofSeconds(5));

        assertThat(sender.send(push(eventId, List.of("phone-1", "phone-2"))).block(WAIT))
                .isEqualTo(new FcmSender.Outcome(2, 0, 0, 0));
        assertThat(sender.send(push(eventId, List.of("phone-1", "phone-2"))).block(WAIT))
                .isEqualTo(new FcmSender.Outcome(0, 2, 0, 0));
        // a device registered since then gets it; the others still do not get it again
        assertThat(sender.send(push(eventId, List.of("phone-1", "phone-2", "phone-3")))
                        .block(WAIT))
                .isEqualTo(new FcmSender.Outcome(1, 2, 0, 0));

        assertThat(fcm.server.requests())
                .extracting(FcmTestServer.Request::token)
                .containsExactlyInAnyOrder("phone-1", "phone-2", "phone-3");
        // another event to the same devices is a push of its own
        sender.send(push(List.of("phone-1"))).block(WAIT);
        assertThat(fcm.server.requestsFor("phone-1")).hasSize(2);
    }

    @Test
    void twelveHundredTokensGoInThreeChunks() {
        List<String> tokens =
                IntStream.range(0, 1200).mapToObj(i -> "phone-" + i).toList();

        var outcome = sender(Duration.ofSeconds(30)).send(push(tokens)).block(WAIT);

        assertThat(outcome).isEqualTo(new FcmSender.Outcome(1200, 0, 0, 0));
        var batches = meters.get(FcmSender.BATCH_METRIC).summary();
        assertThat(batches.count()).isEqualTo(3);
        assertThat(batches.max()).isEqualTo(500);
        assertThat(batches.totalAmount()).isEqualTo(1200);
        assertThat(fcm.server.requests())
                .extracting(FcmTestServer.Request::token)
                .doesNotHaveDuplicates()
                .hasSize(1200);
    }
}
