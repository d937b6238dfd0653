package com.staffchat.notification.realtime;

import com.pusher.client.channel.PusherEvent;
import com.staffchat.events.EventCodec;
import com.staffchat.events.EventEnvelope;
import com.staffchat.events.EventPayload;
import com.staffchat.events.Topics;
import com.staffchat.testsupport.KafkaTestSupport;
import com.staffchat.testsupport.TestDatabase;
import com.staffchat.testsupport.TestTokens;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The set-up of the tests that publish conversation events the way message-service's relay does
 * (keyed by conversation, on the embedded broker) and watch what reaches pusher-java-clients through
 * a real realtime-service process and the local PostgreSQL. Every subclass has the same
 * configuration, so they share one application context, one broker and one schema: each uses its
 * own conversation ids. realtime-service runs for each class on the same port, behind a
 * {@link PusherApiGate} that counts the calls.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE)
@EmbeddedKafka(
        partitions = 1,
        topics = Topics.CONVERSATIONS,
        bootstrapServersProperty = "spring.kafka.bootstrap-servers")
public abstract class ConversationPipelineTest {

    protected static final String HOTEL = "grand-budapest";
    protected static final Instant AT = Instant.parse("2026-11-24T08:21:02.010Z");

    /** Low, so that a group of four members gets the shared {@code unread-count}. */
    protected static final int EXACT_UNREAD_MAX_MEMBERS = 3;

    static final String SCHEMA = TestDatabase.freshSchema("notification_pipeline");
    static final RealtimeServiceProcess realtime = new RealtimeServiceProcess(RealtimeServiceProcess.freePort());
    static PusherApiGate gate;

    protected final EventCodec codec = new EventCodec();
    protected final JsonMapper json = JsonMapper.builder().build();

    @Autowired
    protected EmbeddedKafkaBroker broker;

    @BeforeAll
    static void startRealtimeService() throws Exception {
        realtime.start();
        if (gate == null) {
            gate = new PusherApiGate(realtime.port); // its port is in the shared context: one for all classes
        }
        gate.clear();
    }

    @AfterAll
    static void stopRealtimeService() throws Exception {
        realtime.close();
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        TestDatabase.springProperties(SCHEMA).forEach((k, v) -> registry.add(k, () -> v));
        registry.add("staffchat.security.jwt-secret", () -> TestTokens.SECRET);
        registry.add("staffchat.pusher.url", () -> RealtimeServiceProcess.apiUrl(gate.port()));
        registry.add("staffchat.services.message-url", () -> "http://127.0.0.1:1");
        registry.add("staffchat.projection.exact-unread-max-members", () -> EXACT_UNREAD_MAX_MEMBERS);
        // this realtime-service publishes no presence topic (as the Pusher SaaS): unread counts go to every participant
        // (WatchedFeedsEndToEndTest covers the default, only to those whose own channel is occupied)
        registry.add("staffchat.projection.unread-count-to", () -> "every-participant");
        // a record that fails for a reason of its own is dead-lettered within seconds
        registry.add("staffchat.consumer.retry-initial-interval", () -> "200ms");
        registry.add("staffchat.consumer.retry-max-interval", () -> "1s");
        registry.add("staffchat.consumer.retry-max-elapsed", () -> "3s");
    }

    /** Publishes {@code event} of {@link #HOTEL} as message-service's relay would; returns its envelope. */
    protected EventEnvelope<EventPayload> publish(EventPayload event) {
        EventEnvelope<EventPayload> envelope = EventEnvelope.wrap("message-service", HOTEL, event);
        publish(envelope);
        return envelope;
    }

    /** Publishes {@code envelope} as it is (the same event id again: a redelivery). */
    protected void publish(EventEnvelope<? extends EventPayload> envelope) {
        KafkaTestSupport.send(
                broker.getBrokersAsString(), Topics.CONVERSATIONS, envelope.key(), codec.encode(envelope));
    }

    protected JsonNode data(PusherEvent event) {
        return json.readTree(event.getData());
    }

    /** The Pusher API calls realtime-service received since this class started. */
    static List<PusherApiGate.Forwarded> calls() {
        return gate.forwarded();
    }
}
