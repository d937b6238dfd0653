package com.staffchat.realtime.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.staffchat.realtime.app.App;
import com.staffchat.realtime.app.AppDirectory;
import com.staffchat.realtime.fleet.FleetEventStream;
import com.staffchat.realtime.fleet.FleetNode;
import com.staffchat.realtime.fleet.FleetProperties;
import com.staffchat.realtime.fleet.FleetRedis;
import com.staffchat.realtime.fleet.Subscriber;
import com.staffchat.realtime.protocol.PresenceMember;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * Webhooks from a fleet node to a real HTTP receiver, through the real local Redis: signed,
 * batched, nothing lost while the receiver fails, and the 3-second grace for vacated/removed.
 */
class WebhookDeliveryTest {

    private static final Duration WAIT = Duration.ofSeconds(15);

    private static final App APP = new App("hotel-app", "hotel-key", "hotel-secret");

    private FleetRedis redis;

    private WebhookReceiver receiver;

    private FleetNode node;

    private WebhookDispatcher dispatcher;

    private ChannelEventRecorder recorder;

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    private WebhookProperties webhooks;

    private final List<Runnable> stopAtEnd = new java.util.ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        redis = new FleetRedis();
        receiver = new WebhookReceiver(APP.key(), APP.secret());
        FleetProperties fleet = redis.properties("node-w");
        webhooks = new WebhookProperties(
                List.of(new WebhookProperties.AppWebhooks(
                        APP.id(),
                        List.of(
                                new WebhookProperties.Webhook(URI.create(receiver.url("/all")), Set.of()),
                                new WebhookProperties.Webhook(
                                        URI.create(receiver.url("/counts")), Set.of("subscription_count"))))),
                new WebhookProperties.Delivery(
                        Duration.ofMillis(100),
                        Duration.ofMillis(800),
                        Duration.ofMinutes(5),
                        Duration.ofSeconds(2),
                        100,
                        32));
        node = new FleetNode(redis.template(), fleet, appId -> webhooks.wants(appId, "subscription_count"));
        node.start();
        FleetEventStream stream = new FleetEventStream(redis.template(), fleet, node.state()::lease);
        recorder = new ChannelEventRecorder(stream, webhooks, false);
        dispatcher = new WebhookDispatcher(
                stream, webhooks, new OneApp(), WebClient.create(), meters, Duration.ofMillis(100));
        dispatcher.start();
    }

    @AfterEach
    void stop() {
        stopAtEnd.forEach(Runnable::run);
        dispatcher.stop();
        node.stop();
        receiver.close();
        redis.close();
    }

    @Test
    void receiverThatFailsForAWhileGetsEveryEventOnceSignedAfterItRecovers() {
        receiver.failuresLeft.set(5);
        join("lobby", "1.1", null);
        join("presence-desk", "1.2", new PresenceMember("u1", null));
        recorder.clientEvent(APP.id(), "presence-desk", "client-typing", "{\"on\":true}", "1.2", "u1")
                .block(WAIT);
        recorder.cacheMiss(APP.id(), "cache-rates").block(WAIT);
        node.leave(APP.id(), "presence-desk", "1.2", "u1").block(WAIT);

        await().atMost(WAIT)
                .until(() -> receiver.named("/all", "channel_vacated").size() == 1);

        assertThat(receiver.refused.get()).isEqualTo(5);
        assertThat(receiver.badSignatures.get()).isZero();
        assertThat(receiver.named("/all", "channel_occupied"))
                .extracting(event -> event.path("channel").asString())
                .containsExactlyInAnyOrder("lobby", "presence-desk");
        assertThat(receiver.named("/all", "member_added"))
                .singleElement()
                .satisfies(event -> assertThat(event.path("user_id").asString()).isEqualTo("u1"));
        assertThat(receiver.named("/all", "client_event")).singleElement().satisfies(event -> {
            assertThat(event.path("channel").asString()).isEqualTo("presence-desk");
            assertThat(event.path("event").asString()).isEqualTo("client-typing");
            assertThat(event.path("data").asString()).isEqualTo("{\"on\":true}");
            assertThat(event.path("socket_id").asString()).isEqualTo("1.2");
            assertThat(event.path("user_id").asString()).isEqualTo("u1");
        });
        assertThat(receiver.named("/all", "cache_miss"))
                .singleElement()
                .satisfies(event -> assertThat(event.path("channel").asString()).isEqualTo("cache-rates"));
        assertThat(receiver.named("/all", "member_removed"))
                .singleElement()
                .satisfies(event -> assertThat(event.path("user_id").asString()).isEqualTo("u1"));
        assertThat(receiver.named("/all", "channel_vacated"))
                .singleElement()
                .satisfies(event -> assertThat(event.path("channel").asString()).isEqualTo("presence-desk"));
        assertThat(receiver.named("/all", "subscription_count")).isEmpty();
        // Only the "lobby" subscription counts: presence channels have no subscription_count.
        assertThat(receiver.events)
                .filteredOn(event -> event.path("path").asString().equals("/counts"))
                .singleElement()
                .satisfies(event -> {
                    assertThat(event.path("name").asString()).isEqualTo("subscription_count");
                    assertThat(event.path("channel").asString()).isEqualTo("lobby");
                    assertThat(event.path("subscription_count").asInt()).isEqualTo(1);
                });
        assertThat(receiver.batchSizes).anyMatch(size -> size > 1);
        assertThat(meters.counter("staffchat.realtime.webhook.requests", "outcome", "failure")
                        .count())
                .isEqualTo(5);
        assertThat(meters.counter("staffchat.realtime.webhook.events", "outcome", "delivered", "event", "member_added")
                        .count())
                .isEqualTo(1);
    }

    @Test
    void leavingAndRejoiningWithinTheGraceSendsNeitherRemovalNorAddition() {
        join("presence-desk", "1.1", new PresenceMember("u1", null));
        await().atMost(WAIT).until(() -> receiver.named("/all", "member_added").size() == 1);

        node.leave(APP.id(), "presence-desk", "1.1", "u1").block(WAIT);
        join("presence-desk", "1.2", new PresenceMember("u1", null));

        await().during(Duration.ofMillis(3500)).atMost(Duration.ofSeconds(6)).until(() -> receiver.events.size() == 2);
        assertThat(receiver.events)
                .extracting(event -> event.path("name").asString())
                .containsExactlyInAnyOrder("channel_occupied", "member_added");

        long left = System.nanoTime();
        node.leave(APP.id(), "presence-desk", "1.2", "u1").block(WAIT);
        await().atMost(WAIT)
                .until(() -> receiver.named("/all", "channel_vacated").size() == 1);
        assertThat(Duration.ofNanos(System.nanoTime() - left)).isGreaterThanOrEqualTo(Duration.ofMillis(2900));
        List<String> names = receiver.events.stream()
                .map(event -> event.path("name").asString())
                .toList();
        assertThat(names).containsExactly("channel_occupied", "member_added", "member_removed", "channel_vacated");
    }

    @Test
    void eventsTakenByANodeThatDiesBeforeSendingAreSentByAnotherNode() {
        receiver.failuresLeft.set(Integer.MAX_VALUE);
        join("lobby", "1.1", null);
        await().atMost(WAIT).until(() -> receiver.refused.get() > 0);

        // The node that took the event dies while retrying: its stream entries stay pending.
        dispatcher.stop();
        node.halt();
        receiver.failuresLeft.set(0);

        FleetProperties fleet = redis.properties("node-v");
        FleetNode survivor = new FleetNode(redis.template(), fleet, appId -> false);
        survivor.start();
        WebhookDispatcher taker = new WebhookDispatcher(
                new FleetEventStream(redis.template(), fleet, survivor.state()::lease),
                webhooks,
                new OneApp(),
                WebClient.create(),
                meters,
                Duration.ofMillis(100));
        taker.start();
        stopAtEnd.add(taker::stop);
        stopAtEnd.add(survivor::stop);

        await().atMost(WAIT)
                .until(() -> receiver.named("/all", "channel_occupied").size() == 1);
        assertThat(receiver.named("/all", "channel_occupied")
                        .get(0)
                        .path("channel")
                        .asString())
                .isEqualTo("lobby");
        assertThat(receiver.badSignatures.get()).isZero();
    }

    private void join(String channel, String socketId, PresenceMember member) {
        Subscriber subscriber = new Subscriber() {
            @Override
            public String socketId() {
                return socketId;
            }

            @Override
            public void deliver(String frame) {}
        };
        assertThat(node.join(APP.id(), channel, subscriber, member, 100)
                        .block(WAIT)
                        .refused())
                .isFalse();
    }

    /** The app directory of these tests: one app. */
    private static final class OneApp implements AppDirectory {

        @Override
        public Optional<App> byKey(String key) {
            return Optional.of(APP).filter(app -> app.key().equals(key));
        }

        @Override
        public Optional<App> byId(String id) {
            return Optional.of(APP).filter(app -> app.id().equals(id));
        }
    }
}
