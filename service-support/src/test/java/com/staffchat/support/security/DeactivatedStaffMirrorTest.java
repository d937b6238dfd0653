package com.staffchat.support.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.staffchat.support.SupportTestApplication;
import com.staffchat.testsupport.TestTokens;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The local mirror behind the deactivation check (real Redis): a change written by another process
 * (another service's {@link DeactivatedStaff}) or straight into Redis reaches this service within a
 * small bound, and a mirror that knows it missed a change refuses rather than answers from old data.
 */
@SpringBootTest(
        classes = SupportTestApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "staffchat.security.jwt-secret=" + TestTokens.SECRET)
class DeactivatedStaffMirrorTest {

    /**
     * Far above pub/sub's sub-millisecond delivery and the 500 ms version check, with room for a loaded
     * 2-core CI machine (a 1 s bound failed there once); a mirror that never applies a change still fails.
     */
    static final Duration BOUND = Duration.ofSeconds(3);

    @LocalServerPort
    int port;

    @Autowired
    ReactiveRedisConnectionFactory connections;

    /** Another service's view of the same sets: its own mirror, its own subscription. */
    DeactivatedStaff elsewhere;

    WebTestClient client;
    String hotel;

    @BeforeEach
    void setUp() {
        client =
                WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).build();
        hotel = "mirror-" + UUID.randomUUID().toString().substring(0, 8);
        elsewhere = new DeactivatedStaff(
                connections, new SecurityProperties.Deactivation(Duration.ofMillis(500), Duration.ofSeconds(2)));
        elsewhere.start();
    }

    @AfterEach
    void tearDown() {
        elsewhere.stop();
    }

    int whoami(long staffId) {
        return client.get()
                .uri("/api/v1/whoami")
                .headers(h -> h.setBearerAuth(TestTokens.staff(staffId, hotel, "staff")))
                .exchange()
                .returnResult(String.class)
                .getStatus()
                .value();
    }

    @Test
    void aDeactivationWrittenByAnotherServiceTakesEffectHereWithinSeconds() {
        assertThat(whoami(7)).isEqualTo(200);
        elsewhere.deactivate(hotel, List.of(7L)).block();
        await().atMost(BOUND).pollInterval(Duration.ofMillis(5)).until(() -> whoami(7) == 403);
        assertThat(whoami(8)).as("a colleague is untouched").isEqualTo(200);

        elsewhere.reactivate(hotel, List.of(7L)).block();
        await().atMost(BOUND).pollInterval(Duration.ofMillis(5)).until(() -> whoami(7) == 200);
    }

    @Test
    void aChangeWrittenStraightIntoRedisWithoutItsAnnouncementIsPickedUpWithinSeconds() {
        assertThat(whoami(9)).isEqualTo(200);
        // as if the announcement were lost: the set and the version change, nothing is published
        ReactiveStringRedisTemplate redis = new ReactiveStringRedisTemplate(connections);
        redis.opsForSet().add(DeactivatedStaff.key(hotel), "9").block();
        redis.opsForValue().increment(DeactivatedStaff.VERSION).block();
        await().atMost(BOUND).pollInterval(Duration.ofMillis(5)).until(() -> whoami(9) == 403);
    }

    @Test
    void aMirrorThatSeesAGapInTheChangesReloadsAndStillRefusesTheDeactivated() {
        ReactiveStringRedisTemplate redis = new ReactiveStringRedisTemplate(connections);
        redis.opsForSet().add(DeactivatedStaff.key(hotel), "11").block();
        // the version jumps and only a later change is announced: the mirror must notice the gap
        Long version = redis.opsForValue().increment(DeactivatedStaff.VERSION).block();
        redis.opsForValue().increment(DeactivatedStaff.VERSION).block();
        redis.convertAndSend(DeactivatedStaff.CHANGES, (version + 1) + " + " + hotel + " 12")
                .block();
        await().atMost(BOUND).pollInterval(Duration.ofMillis(5)).until(() -> whoami(11) == 403);
    }
}
