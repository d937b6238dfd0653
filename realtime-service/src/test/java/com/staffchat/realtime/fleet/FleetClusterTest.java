package com.staffchat.realtime.fleet;

import static com.staffchat.realtime.support.RealtimeServerTest.APP_ID;
import static com.staffchat.realtime.support.RealtimeServerTest.APP_KEY;
import static com.staffchat.realtime.support.RealtimeServerTest.APP_SECRET;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import com.staffchat.realtime.RealtimeApplication;
import com.staffchat.realtime.support.AuthEndpoint;
import com.staffchat.realtime.support.RawPusherClient;
import com.staffchat.realtime.support.SignedApiClient;
import com.staffchat.realtime.webhook.WebhookReceiver;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The whole proof with two instances of the realtime server in this JVM (different ports and
 * node ids) sharing the local Redis, an embedded Kafka broker and a webhook receiver: presence,
 * delivery and exclusion across instances; then one instance crashes (no cleanup at all) and the
 * survivor's clients, the webhooks and the Kafka topic all learn that its user left, once.
 */
@EmbeddedKafka(topics = "staffchat.presence", partitions = 1)
class FleetClusterTest {

    private static final Duration CONVERGENCE = Duration.ofSeconds(30);

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final FleetRedis redis = new FleetRedis();

    private final List<AutoCloseable> closeAtEnd = new CopyOnWriteArrayList<>();

    @AfterEach
    void closeEverything() throws Exception {
        for (int i = closeAtEnd.size() - 1; i >= 0; i--) {
            closeAtEnd.get(i).close();
        }
        redis.close();
    }

    @Test
    void presenceAndDeliverySpanInstancesAndACrashedInstanceIsCleanedUpOnce(EmbeddedKafkaBroker kafka)
            throws Exception {
        WebhookReceiver webhooks = closing(new WebhookReceiver(APP_KEY, APP_SECRET));
        // Closed in reverse: A first, then B (whose context shares Reactor Netty's global resources).
        ConfigurableApplicationContext b = closing(instance("node-b", kafka, webhooks));
        ConfigurableApplicationContext a = closing(instance("node-a", kafka, webhooks));
        int portA = port(a);
        int portB = port(b);

        RawPusherClient alice = closing(RawPusherClient.connected(portA));
        subscribePresence(alice, "u1");
        assertThat(roster(alice.nextFrame())).containsExactly("u1");

        RawPusherClient bob = closing(RawPusherClient.connected(portB));
        subscribePresence(bob, "u2");
        assertThat(roster(bob.nextFrame())).containsExactly("u1", "u2");
        assertThat(alice.nextFrame())
                .isEqualTo("{\"event\":\"pusher_internal:member_added\",\"channel\":\"presence-ops\","
                        + "\"data\":\"{\\\"user_id\\\":\\\"u2\\\",\\\"user_info\\\":null}\"}");

        // A second connection of u1, on the other instance: no member_added for anyone.
        RawPusherClient aliceOnB = closing(RawPusherClient.connected(portB));
        subscribePresence(aliceOnB, "u1");
        assertThat(roster(aliceOnB.nextFrame())).containsExactly("u1", "u2");

        // Triggered at B excluding bob: reaches alice on A and u1's tab on B, not bob.
        SignedApiClient api = new SignedApiClient(portB);
        assertThat(api.post(
                                "/apps/" + APP_ID + "/events",
                                "{\"name\":\"shift\",\"channels\":[\"presence-ops\"],"
                                        + "\"data\":\"one\",\"socket_id\":\"" + bob.socketId() + "\"}")
                        .send()
                        .statusCode())
                .isEqualTo(200);
        assertThat(new SignedApiClient(portA)
                        .post(
                                "/apps/" + APP_ID + "/events",
                                "{\"name\":\"shift\",\"channels\":[\"presence-ops\"],\"data\":\"two\"}")
                        .send()
                        .statusCode())
                .isEqualTo(200);
        String one = "{\"event\":\"shift\",\"channel\":\"presence-ops\",\"data\":\"one\"}";
        String two = "{\"event\":\"shift\",\"channel\":\"presence-ops\",\"data\":\"two\"}";
        assertThat(List.of(alice.nextFrame(), alice.nextFrame())).containsExactly(one, two);
        assertThat(List.of(aliceOnB.nextFrame(), aliceOnB.nextFrame())).containsExactly(one, two);
        assertThat(bob.nextFrame()).isEqualTo(two);

        // A client event from u1's tab on B reaches alice on A and bob on B, not its sender.
        aliceOnB.send("{\"event\":\"client-typing\",\"channel\":\"presence-ops\",\"data\":{}}");
        String typing = "{\"event\":\"client-typing\",\"channel\":\"presence-ops\",\"data\":\"{}\",\"user_id\":\"u1\"}";
        assertThat(alice.nextFrame()).isEqualTo(typing);
        assertThat(bob.nextFrame()).isEqualTo(typing);

        FleetChannelRegistry registryA = a.getBean(FleetChannelRegistry.class);
        assertThat(registryA.channel(APP_ID, "presence-ops").block().subscriptionCount())
                .isEqualTo(3);
        assertThat(registryA.presenceUserIds(APP_ID, "presence-ops").block()).containsExactly("u1", "u2");

        // B crashes: no lease renewal, no unsubscribes, nothing cleaned; its sockets just drop. (Its
        // context stays open until the end: closing it would dispose the event loops A shares in this JVM.)
        b.getBean(FleetNode.class).halt();
        // a crashed process stops sending webhooks and relaying to Kafka too; what it had taken but not
        // acknowledged stays pending for the survivor to take over
        b.getBeansOfType(org.springframework.context.SmartLifecycle.class).values().stream()
                .filter(bean -> bean.getClass().getPackageName().equals("com.staffchat.realtime.webhook"))
                .forEach(org.springframework.context.SmartLifecycle::stop);
        ((WebServerApplicationContext) b).getWebServer().stop();
        Throwable bobsEnd = catchThrowable(bob::closeCode);
        assertThat(bobsEnd == null || !(bobsEnd.getCause() instanceof TimeoutException))
                .as("bob's socket on B ends (close frame or dropped connection), %s", bobsEnd)
                .isTrue();

        await().atMost(CONVERGENCE).untilAsserted(() -> assertThat(
                        registryA.channel(APP_ID, "presence-ops").block().subscriptionCount())
                .isEqualTo(1));
        assertThat(alice.nextFrame())
                .isEqualTo("{\"event\":\"pusher_internal:member_removed\",\"channel\":\"presence-ops\","
                        + "\"data\":\"{\\\"user_id\\\":\\\"u2\\\"}\"}");
        assertThat(registryA.presenceUserIds(APP_ID, "presence-ops").block()).containsExactly("u1");
        assertThat(registryA.channels(APP_ID, null).block())
                .isEqualTo(
                        Map.of("presence-ops", new com.staffchat.realtime.protocol.ChannelRegistry.ChannelInfo(1, 1)));

        await().atMost(CONVERGENCE)
                .until(() -> webhooks.named("/hook", "member_removed").size() == 1);
        assertThat(webhooks.badSignatures.get()).isZero();
        // Webhooks are at least once: events B had sent but not yet acknowledged when it crashed are sent
        // again by A, so the events from before the crash are compared as distinct events. What the
        // crash itself causes (u2 leaving) is announced by A alone, exactly once.
        assertThat(distinct(webhooks.named("/hook", "channel_occupied"))).hasSize(1);
        assertThat(distinct(webhooks.named("/hook", "member_added")))
                .extracting(event -> event.path("user_id").asString())
                .containsExactlyInAnyOrder("u1", "u2");
        assertThat(webhooks.named("/hook", "member_removed"))
                .extracting(event -> event.path("user_id").asString())
                .containsExactly("u2");
        assertThat(webhooks.named("/hook", "channel_vacated")).isEmpty();
        assertThat(distinct(webhooks.named("/hook", "client_event")))
                .singleElement()
                .satisfies(event -> {
                    assertThat(event.path("event").asString()).isEqualTo("client-typing");
                    assertThat(event.path("socket_id").asString()).isEqualTo(aliceOnB.socketId());
                    assertThat(event.path("user_id").asString()).isEqualTo("u1");
                });

        List<ConsumerRecord<String, String>> records = new CopyOnWriteArrayList<>();
        try (KafkaConsumer<String, String> consumer = consumer(kafka)) {
            consumer.subscribe(List.of("staffchat.presence"));
            await().atMost(CONVERGENCE).until(() -> {
                // the broker is shared with the other test of this class: keep this test's channel only
                consumer.poll(Duration.ofMillis(200)).forEach(record -> {
                    if (record.key().equals("presence-ops")) {
                        records.add(record);
                    }
                });
                return records.stream().anyMatch(record -> record.value().contains("member_removed"));
            });
        }
        // at least once: a relay that dies between sending and acknowledging is repeated by its successor,
        // and consumers drop repeats by id
        Map<String, JsonNode> byId = new java.util.LinkedHashMap<>();
        records.stream()
                .map(record -> JSON.readTree(record.value()))
                .forEach(value -> byId.putIfAbsent(value.path("id").asString(), value));
        List<JsonNode> values = List.copyOf(byId.values());
        assertThat(values)
                .extracting(value -> value.path("name").asString() + ":"
                        + value.path("user_id").asString(""))
                .containsExactly(
                        "channel_occupied:",
                        "member_added:u1",
                        "member_added:u2",
                        "client_event:u1",
                        "member_removed:u2");
        assertThat(values)
                .allMatch(value -> value.path("app_id").asString().equals(APP_ID)
                        && value.path("time_ms").isIntegralNumber()
                        && !value.path("id").asString().isEmpty());
    }

    @Test
    void signedInUsersWatchlistsTerminationAndCacheChannelsSpanInstances(EmbeddedKafkaBroker kafka) throws Exception {
        WebhookReceiver webhooks = closing(new WebhookReceiver(APP_KEY, APP_SECRET));
        ConfigurableApplicationContext b = closing(instance("node-b", kafka, webhooks));
        ConfigurableApplicationContext a = closing(instance("node-a", kafka, webhooks));
        int portA = port(a);
        int portB = port(b);

        // carol signs in on B watching dave, who is offline; dave then signs in on A.
        RawPusherClient carol = closing(RawPusherClient.connected(portB));
        signin(carol, "{\"id\":\"u-carol\",\"watchlist\":[\"u-dave\"]}");
        assertThat(carol.nextFrame()).startsWith("{\"event\":\"pusher:signin_success\"");
        assertThat(carol.nextFrame())
                .isEqualTo("{\"event\":\"pusher_internal:watchlist_events\",\"data\":\"{\\\"events\\\":"
                        + "[{\\\"name\\\":\\\"offline\\\",\\\"user_ids\\\":[\\\"u-dave\\\"]}]}\"}");
        RawPusherClient dave = closing(RawPusherClient.connected(portA));
        signin(dave, "{\"id\":\"u-dave\",\"watchlist\":[\"u-carol\"]}");
        assertThat(dave.nextFrame()).startsWith("{\"event\":\"pusher:signin_success\"");
        assertThat(dave.nextFrame())
                .as("carol, on the other instance, is online")
                .isEqualTo("{\"event\":\"pusher_internal:watchlist_events\",\"data\":\"{\\\"events\\\":"
                        + "[{\\\"name\\\":\\\"online\\\",\\\"user_ids\\\":[\\\"u-carol\\\"]}]}\"}");
        assertThat(carol.nextFrame())
                .as("dave's sign-in on A reaches his watcher on B")
                .isEqualTo("{\"event\":\"pusher_internal:watchlist_events\",\"data\":\"{\\\"events\\\":"
                        + "[{\\\"name\\\":\\\"online\\\",\\\"user_ids\\\":[\\\"u-dave\\\"]}]}\"}");

        // terminate_connections asked of A closes carol's connection on B.
        var terminated = new SignedApiClient(portA)
                .post("/apps/" + APP_ID + "/users/u-carol/terminate_connections", "{}")
                .send();
        assertThat(terminated.statusCode()).isEqualTo(200);
        assertThat(terminated.body()).isEqualTo("{}");
        assertThat(carol.nextFrame())
                .isEqualTo("{\"event\":\"pusher:error\",\"data\":{\"code\":4009,\"message\":"
                        + "\"Connection terminated by the app: user 'u-carol' was signed out\"}}");
        assertThat(carol.closeCode()).isEqualTo(4009);

        // A cache channel's last event, triggered at A, is replayed to a subscriber on B.
        assertThat(new SignedApiClient(portA)
                        .post(
                                "/apps/" + APP_ID + "/events",
                                "{\"name\":\"menu\",\"channels\":[\"cache-menu\"],\"data\":\"soup\"}")
                        .send()
                        .statusCode())
                .isEqualTo(200);
        RawPusherClient erin = closing(RawPusherClient.connected(portB));
        erin.send("{\"event\":\"pusher:subscribe\",\"data\":{\"channel\":\"cache-menu\"}}");
        assertThat(erin.nextFrameIgnoringCounts()).startsWith("{\"event\":\"pusher_internal:subscription_succeeded\"");
        assertThat(erin.nextFrameIgnoringCounts())
                .isEqualTo("{\"event\":\"menu\",\"channel\":\"cache-menu\",\"data\":\"soup\"}");

        // An empty cache channel answers pusher:cache_miss, and the app hears of it once, by webhook.
        erin.send("{\"event\":\"pusher:subscribe\",\"data\":{\"channel\":\"cache-specials\"}}");
        assertThat(erin.nextFrameIgnoringCounts()).startsWith("{\"event\":\"pusher_internal:subscription_succeeded\"");
        assertThat(erin.nextFrameIgnoringCounts())
                .startsWith("{\"event\":\"pusher:cache_miss\",\"channel\":\"cache-specials\"");
        await().atMost(CONVERGENCE)
                .until(() -> webhooks.named("/hook", "cache_miss").size() == 1);
        assertThat(webhooks.named("/hook", "cache_miss").get(0).path("channel").asString())
                .isEqualTo("cache-specials");

        // The channel queries of either instance answer the same, from shared state.
        var channelsAtB = new SignedApiClient(portB)
                .get("/apps/" + APP_ID + "/channels/cache-menu", Map.of("info", "subscription_count"))
                .send();
        assertThat(channelsAtB.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(channelsAtB.body()).path("subscription_count").asInt())
                .isEqualTo(1);
        var channelsAtA = new SignedApiClient(portA)
                .get("/apps/" + APP_ID + "/channels/cache-menu", Map.of("info", "subscription_count"))
                .send();
        assertThat(JSON.readTree(channelsAtA.body()).path("occupied").asBoolean())
                .isTrue();
        assertThat(JSON.readTree(channelsAtA.body()).path("subscription_count").asInt())
                .isEqualTo(1);
    }

    private static List<JsonNode> distinct(List<JsonNode> events) {
        return events.stream().distinct().toList();
    }

    private static void signin(RawPusherClient client, String userData) {
        String auth = APP_KEY + ":"
                + com.pusher.rest.SignatureUtil.sign(client.socketId() + "::user::" + userData, APP_SECRET);
        client.send("{\"event\":\"pusher:signin\",\"data\":{\"auth\":\"" + auth + "\",\"user_data\":\""
                + userData.replace("\"", "\\\"") + "\"}}");
    }

    private ConfigurableApplicationContext instance(
            String nodeId, EmbeddedKafkaBroker kafka, WebhookReceiver webhooks) {
        return new SpringApplicationBuilder(RealtimeApplication.class)
                .run(
                        "--server.port=0",
                        "--server.shutdown=immediate",
                        "--management.server.port=-1",
                        "--staffchat.realtime.apps[0].id=" + APP_ID,
                        "--staffchat.realtime.apps[0].key=" + APP_KEY,
                        "--staffchat.realtime.apps[0].secret=" + APP_SECRET,
                        "--staffchat.realtime.apps[0].webhooks[0].url=" + webhooks.url("/hook"),
                        "--staffchat.realtime.fleet.enabled=true",
                        "--staffchat.realtime.fleet.node-id=" + nodeId,
                        "--staffchat.realtime.fleet.key-prefix=" + redis.prefix(),
                        "--staffchat.realtime.fleet.heartbeat-ttl=2s",
                        "--staffchat.realtime.fleet.heartbeat-interval=500ms",
                        "--staffchat.realtime.fleet.reap-interval=500ms",
                        "--staffchat.realtime.fleet.poll-interval=100ms",
                        "--staffchat.realtime.fleet.publish-presence-topic=true",
                        "--staffchat.realtime.webhook-delivery.initial-backoff=100ms",
                        "--spring.data.redis.host=127.0.0.1",
                        "--spring.data.redis.port=6379",
                        "--spring.kafka.bootstrap-servers=" + kafka.getBrokersAsString());
    }

    private static int port(ConfigurableApplicationContext context) {
        return Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
    }

    private static void subscribePresence(RawPusherClient client, String userId) {
        String channelData = "{\"user_id\":\"" + userId + "\"}";
        String auth = AuthEndpoint.presenceAuth(APP_KEY, APP_SECRET, client.socketId(), "presence-ops", channelData);
        client.send("{\"event\":\"pusher:subscribe\",\"data\":{\"channel\":\"presence-ops\",\"auth\":\"" + auth
                + "\",\"channel_data\":\"" + channelData.replace("\"", "\\\"") + "\"}}");
    }

    private static List<String> roster(String subscriptionSucceeded) {
        JsonNode frame = JSON.readTree(subscriptionSucceeded);
        assertThat(frame.path("event").asString()).isEqualTo("pusher_internal:subscription_succeeded");
        JsonNode ids =
                JSON.readTree(frame.path("data").asString()).path("presence").path("ids");
        return ids.valueStream().map(JsonNode::asString).toList();
    }

    private static KafkaConsumer<String, String> consumer(EmbeddedKafkaBroker kafka) {
        return new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        kafka.getBrokersAsString(),
                        ConsumerConfig.GROUP_ID_CONFIG,
                        "fleet-cluster-test",
                        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                        "earliest"),
                new StringDeserializer(),
                new StringDeserializer());
    }

    private <T extends AutoCloseable> T closing(T closeable) {
        closeAtEnd.add(closeable);
        return closeable;
    }
}
