package com.staffchat.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.staffchat.events.EventCodec;
import com.staffchat.events.MessageSent;
import com.staffchat.events.Topics;
import com.staffchat.testsupport.KafkaTestSupport;
import com.staffchat.testsupport.TestDatabase;
import com.staffchat.testsupport.TestTokens;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.event.EventListener;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.tcp.TcpClient;
import reactor.netty.tcp.TcpServer;

/**
 * message-service started while Kafka is down: it answers sends at once, the events wait in the
 * outbox, and they are published, in order, once a broker comes up on the configured address.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class KafkaOutageAtStartTest {

    static final String SCHEMA = TestDatabase.freshSchema("message_outage");
    static final int KAFKA_PORT = freePort();
    static EmbeddedKafkaKraftBroker broker;
    static DisposableServer forwarder;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        TestDatabase.springProperties(SCHEMA).forEach((k, v) -> registry.add(k, () -> v));
        registry.add("staffchat.security.jwt-secret", () -> TestTokens.SECRET);
        registry.add("spring.kafka.bootstrap-servers", () -> "127.0.0.1:" + KAFKA_PORT);
        registry.add("staffchat.outbox.max-backoff", () -> "1s");
    }

    @LocalServerPort
    int port;

    /** How long start-up took, up to the moment the service answers requests. */
    static volatile Duration startedIn;

    @TestConfiguration
    static class StartUpClock {
        @EventListener
        void ready(ApplicationReadyEvent event) {
            startedIn = event.getTimeTaken();
        }
    }

    @AfterAll
    static void stopBroker() {
        if (forwarder != null) {
            forwarder.disposeNow();
        }
        if (broker != null) {
            broker.destroy();
        }
    }

    @Test
    void sendsAnswerWhileKafkaIsDownAndTheirEventsFollowWhenItComesUp() throws Exception {
        // checking topics during start-up would wait for the admin client's 30 s timeout first
        assertThat(startedIn).as("start-up with Kafka down").isLessThan(Duration.ofSeconds(15));
        // a stalled relay would hold these past the 5 s answer budget (the producer blocks up to 60 s)
        ChatApi api = new ChatApi(WebTestClient.bindToServer()
                .baseUrl("http://127.0.0.1:" + port)
                .responseTimeout(Duration.ofSeconds(5))
                .build());
        String hotel = "hotel-" + UUID.randomUUID().toString().substring(0, 8);
        api.seedStaff(TestTokens.manager(1, hotel), 1, 2);
        String alice = TestTokens.staff(1, hotel, "staff");
        long conversation = api.createGroup(alice, "Night audit", 2);
        // keep sending for a few seconds after the relay first tried to publish: a relay that
        // blocked an event loop on Kafka (the producer waits up to max.block.ms = 60 s for
        // metadata) would hold some of these answers past the 5 s budget
        int sent = 0;
        long until = System.nanoTime() + Duration.ofSeconds(4).toNanos();
        while (sent < 10 || System.nanoTime() < until) {
            api.send(alice, conversation, "while Kafka is down " + ++sent, null)
                    .expectStatus()
                    .isCreated();
        }
        assertThat(unsent()).as("created + every send, waiting in the outbox").isEqualTo(sent + 1L);

        // the embedded broker binds a port of its own choosing; the service's configured address
        // starts to answer when a forwarder to it opens there (clients then use the advertised one)
        broker = new EmbeddedKafkaKraftBroker(1, 1);
        broker.afterPropertiesSet();
        String[] address = broker.getBrokersAsString().split(",")[0].split(":");
        forwarder = TcpServer.create()
                .host("127.0.0.1")
                .port(KAFKA_PORT)
                .handle((in, out) -> TcpClient.create()
                        .host(address[0])
                        .port(Integer.parseInt(address[1]))
                        .connect()
                        .flatMap(upstream -> Mono.when(
                                        out.send(upstream.inbound().receive().retain()),
                                        upstream.outbound().send(in.receive().retain()))
                                .doFinally(s -> upstream.dispose())))
                .bindNow();

        await().atMost(Duration.ofSeconds(90)).until(() -> unsent() == 0);

        EventCodec codec = new EventCodec();
        List<Long> seqs = new ArrayList<>();
        int total = sent;
        try (var consumer = KafkaTestSupport.consumer(broker.getBrokersAsString(), Topics.CONVERSATIONS)) {
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                KafkaTestSupport.poll(consumer, 1, Duration.ofMillis(500)).stream()
                        .map(r -> codec.decode(r.value()).data())
                        .filter(MessageSent.class::isInstance)
                        .map(m -> ((MessageSent) m).seq())
                        .forEach(seqs::add);
                return seqs.size() >= total;
            });
        }
        assertThat(seqs)
                .containsExactlyElementsOf(
                        LongStream.rangeClosed(1, total).boxed().toList());
    }

    private static long unsent() throws Exception {
        try (var db = TestDatabase.connect();
                var rs = db.createStatement()
                        .executeQuery("select count(*) from " + SCHEMA + ".outbox where sent_at is null")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static int freePort() {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
