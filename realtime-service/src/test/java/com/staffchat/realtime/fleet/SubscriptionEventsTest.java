package com.staffchat.realtime.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.staffchat.realtime.protocol.PresenceMember;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code subscription_added} / {@code subscription_removed} in the fleet's event stream (what the
 * presence topic relays), on two nodes sharing the real local Redis: who joins and leaves private
 * channels as a signed-in user, a late sign-in, the periodic refresh, and a crashed node's
 * subscriptions removed by the reaper.
 */
class SubscriptionEventsTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private static final String APP = "hotel-app";

    private static final String CONVERSATION = "private-grand-staff-conversation-42";

    private FleetRedis redis;

    private FleetNode a;

    private FleetNode b;

    private FleetEventStream stream;

    private final List<ChannelEvent> events = new ArrayList<>();

    @BeforeEach
    void startTwoNodes() {
        redis = new FleetRedis();
        a = new FleetNode(
                redis.template(), redis.properties("node-a").withPresenceTopic(Duration.ofHours(1)), appId -> false);
        b = new FleetNode(
                redis.template(), redis.properties("node-b").withPresenceTopic(Duration.ofHours(1)), appId -> false);
        a.start();
        b.start();
        stream = new FleetEventStream(redis.template(), redis.properties("node-a"), a.state()::lease);
    }

    @AfterEach
    void stopNodes() {
        a.stop();
        b.stop();
        redis.close();
    }

    @Test
    void signedInSocketJoiningAndLeavingAPrivateChannelIsAnnouncedWithItsUser() {
        RecordingSubscriber socket = signedIn("1.1", "grand:7");
        join(a, CONVERSATION, socket, null);
        join(a, CONVERSATION, socket, null); // again: no second announcement
        a.leave(APP, CONVERSATION, "1.1", null).block(WAIT);
        a.leave(APP, CONVERSATION, "1.1", null).block(WAIT); // not there any more: nothing

        assertThat(subscriptionEvents(2))
                .containsExactly(
                        "subscription_added " + CONVERSATION + " 1.1 grand:7",
                        "subscription_removed " + CONVERSATION + " 1.1 grand:7");
    }

    @Test
    void anonymousSocketsPublicAndPresenceChannelsAreNotAnnounced() {
        join(a, CONVERSATION, new RecordingSubscriber("1.1"), null);
        join(a, "lobby", signedIn("1.2", "grand:7"), null);
        join(a, "presence-grand-staff", signedIn("1.3", "grand:7"), new PresenceMember("grand:7", null));
        join(a, "private-encrypted-grand-notes", signedIn("1.4", "grand:8"), null);

        assertThat(subscriptionEvents(1))
                .containsExactly("subscription_added private-encrypted-grand-notes 1.4 grand:8");
        assertThat(events).extracting(ChannelEvent::name).contains("channel_occupied", "member_added");
    }

    @Test
    void nothingIsAnnouncedWhileThePresenceTopicIsOff() {
        FleetNode quiet = new FleetNode(redis.template(), redis.properties("node-q"), appId -> false);
        quiet.start();
        try {
            join(quiet, CONVERSATION, signedIn("3.1", "grand:7"), null);
            quiet.viewing(APP, CONVERSATION, "3.1", "grand:7").block(WAIT);
            quiet.leave(APP, CONVERSATION, "3.1", null).block(WAIT);
            join(a, "private-marker", signedIn("1.9", "grand:1"), null);

            assertThat(subscriptionEvents(1)).containsExactly("subscription_added private-marker 1.9 grand:1");
        } finally {
            quiet.stop();
        }
    }

    @Test
    void aSocketThatSignsInAfterSubscribingIsAnnouncedThenAndOnlyWhileSubscribed() {
        RecordingSubscriber socket = new RecordingSubscriber("1.1");
        join(a, CONVERSATION, socket, null);
        socket.userId = "grand:7";
        a.viewing(APP, CONVERSATION, "1.1", "grand:7").block(WAIT);
        a.leave(APP, CONVERSATION, "1.1", null).block(WAIT);
        a.viewing(APP, CONVERSATION, "1.1", "grand:7").block(WAIT); // gone: nothing

        assertThat(subscriptionEvents(2))
                .containsExactly(
                        "subscription_added " + CONVERSATION + " 1.1 grand:7",
                        "subscription_removed " + CONVERSATION + " 1.1 grand:7");
    }

    @Test
    void signedInSubscriptionsAreAnnouncedAgainEveryRefreshInterval() {
        FleetNode refreshing = new FleetNode(
                redis.template(), redis.properties("node-r").withPresenceTopic(Duration.ofMillis(300)), appId -> false);
        refreshing.start();
        try {
            join(refreshing, CONVERSATION, signedIn("4.1", "grand:7"), null);
            join(refreshing, "private-grand-staff-7", new RecordingSubscriber("4.2"), null);

            assertThat(subscriptionEvents(3)).containsOnly("subscription_added " + CONVERSATION + " 4.1 grand:7");

            refreshing.leave(APP, CONVERSATION, "4.1", null).block(WAIT);
            List<String> afterLeaving = subscriptionEvents(1);
            assertThat(afterLeaving.get(afterLeaving.size() - 1))
                    .isEqualTo("subscription_removed " + CONVERSATION + " 4.1 grand:7");
        } finally {
            refreshing.stop();
        }
    }

    @Test
    void aCrashedNodesSignedInSubscriptionsAreRemovedByTheReaperOnce() {
        join(b, CONVERSATION, signedIn("2.1", "grand:7"), null);
        join(b, CONVERSATION, new RecordingSubscriber("2.2"), null);
        join(b, "private-grand-staff-8", signedIn("2.3", "grand:8"), null);
        b.signIn(APP, "grand:7", new RecordingSubscriber("2.1")).block(WAIT);
        b.signIn(APP, "grand:8", new RecordingSubscriber("2.3")).block(WAIT);
        assertThat(subscriptionEvents(2)).hasSize(2);

        b.halt();

        assertThat(subscriptionEvents(2))
                .containsExactlyInAnyOrder(
                        "subscription_removed " + CONVERSATION + " 2.1 grand:7",
                        "subscription_removed private-grand-staff-8 2.3 grand:8");
        await().atMost(WAIT)
                .until(() -> a.state().subscriptionCount(APP, CONVERSATION).block(WAIT) == 0);
        assertThat(a.state().reap(b.state().lease()).collectList().block(WAIT)).isEmpty();
        assertThat(stream.take("test-reader", 100).block(WAIT))
                .extracting(ChannelEvent::name)
                .doesNotContain("subscription_removed");
    }

    private RecordingSubscriber signedIn(String socketId, String userId) {
        RecordingSubscriber subscriber = new RecordingSubscriber(socketId);
        subscriber.userId = userId;
        return subscriber;
    }

    private static void join(FleetNode node, String channel, RecordingSubscriber subscriber, PresenceMember member) {
        assertThat(node.join(APP, channel, subscriber, member, 100).block(WAIT).refused())
                .isFalse();
    }

    /** Reads the stream until {@code atLeast} more subscription events arrived; answers those read now. */
    private List<String> subscriptionEvents(int atLeast) {
        List<ChannelEvent> read = new ArrayList<>();
        await().atMost(WAIT).until(() -> {
            read.addAll(stream.take("test-reader", 100).block(WAIT));
            return read.stream()
                            .filter(SubscriptionEventsTest::subscriptionEvent)
                            .count()
                    >= atLeast;
        });
        events.addAll(read);
        return read.stream()
                .filter(SubscriptionEventsTest::subscriptionEvent)
                .map(event -> event.name() + " " + event.channel() + " "
                        + event.event().path("socket_id").asString() + " "
                        + event.event().path("user_id").asString())
                .toList();
    }

    private static boolean subscriptionEvent(ChannelEvent event) {
        return event.name().startsWith("subscription_") && !event.name().equals("subscription_count");
    }
}
