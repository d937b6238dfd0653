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
import reactor.core.publisher.Flux;

/**
 * Two fleet nodes as two objects sharing the real local Redis (a key prefix per test): delivery,
 * presence, counts and terminations across nodes, and a node that dies without cleaning up.
 */
class FleetNodeTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private static final String APP = "hotel-app";

    private FleetRedis redis;

    private FleetNode a;

    private FleetNode b;

    @BeforeEach
    void startTwoNodes() {
        redis = new FleetRedis();
        a = new FleetNode(redis.template(), redis.properties("node-a"), appId -> false);
        b = new FleetNode(redis.template(), redis.properties("node-b"), appId -> false);
        a.start();
        b.start();
    }

    @AfterEach
    void stopNodes() {
        a.stop();
        b.stop();
        redis.close();
    }

    @Test
    void eventPublishedOnOneNodeReachesSubscribersOnEveryNodeExceptTheExcludedSocket() {
        RecordingSubscriber onA = join(a, "orders", "1.1", null);
        RecordingSubscriber onB = join(b, "orders", "2.1", null);
        RecordingSubscriber excluded = join(b, "orders", "2.2", null);

        a.publish(APP, "orders", "first", "2.2").block(WAIT);
        a.publish(APP, "orders", "second", null).block(WAIT);

        await().atMost(WAIT).until(() -> excluded.frames.contains("second") && onB.frames.size() == 2);
        assertThat(onA.frames).containsExactly("first", "second");
        assertThat(onB.frames).containsExactly("first", "second");
        assertThat(excluded.frames).containsExactly("second");
    }

    @Test
    void presenceUserIsAddedOnFirstConnectionAndRemovedOnLastAcrossNodes() {
        Joined first = a.join(
                        APP, "presence-desk", new RecordingSubscriber("1.1"), member("u1", "{\"name\":\"Ann\"}"), 100)
                .block(WAIT);
        Joined secondTab = b.join(
                        APP, "presence-desk", new RecordingSubscriber("2.1"), member("u1", "{\"name\":\"Ann\"}"), 100)
                .block(WAIT);
        Joined other = b.join(APP, "presence-desk", new RecordingSubscriber("2.2"), member("u2", null), 100)
                .block(WAIT);

        assertThat(first.firstForUser()).isTrue();
        assertThat(first.occupied()).isTrue();
        assertThat(secondTab.firstForUser()).isFalse();
        assertThat(secondTab.occupied()).isFalse();
        assertThat(secondTab.roster()).extracting(PresenceMember::userId).containsExactly("u1");
        assertThat(secondTab.roster().get(0).userInfo().path("name").asString()).isEqualTo("Ann");
        assertThat(other.firstForUser()).isTrue();
        assertThat(other.roster()).extracting(PresenceMember::userId).containsExactly("u1", "u2");
        assertThat(other.subscriptionCount()).isEqualTo(3);

        Left firstTabGone = a.leave(APP, "presence-desk", "1.1", "u1").block(WAIT);
        assertThat(firstTabGone.lastForUser()).isFalse();
        assertThat(b.state().roster(APP, "presence-desk").block(WAIT))
                .extracting(PresenceMember::userId)
                .containsExactly("u1", "u2");

        Left lastTabGone = b.leave(APP, "presence-desk", "2.1", "u1").block(WAIT);
        assertThat(lastTabGone.lastForUser()).isTrue();
        assertThat(lastTabGone.vacated()).isFalse();
        assertThat(a.state().roster(APP, "presence-desk").block(WAIT))
                .extracting(PresenceMember::userId)
                .containsExactly("u2");
        assertThat(a.state().userCount(APP, "presence-desk").block(WAIT)).isEqualTo(1);
        assertThat(a.state().channels(APP).block(WAIT)).containsEntry("presence-desk", 1L);

        Left again = b.leave(APP, "presence-desk", "2.1", "u1").block(WAIT);
        assertThat(again.removed()).isFalse();
        Left lastUser = b.leave(APP, "presence-desk", "2.2", "u2").block(WAIT);
        assertThat(lastUser.vacated()).isTrue();
        assertThat(a.state().channels(APP).block(WAIT)).isEmpty();
    }

    @Test
    void fullPresenceChannelRefusesANewUserButNotAnotherConnectionOfAMember() {
        assertThat(a.join(APP, "presence-small", new RecordingSubscriber("1.1"), member("u1", null), 1)
                        .block(WAIT)
                        .refused())
                .isFalse();
        assertThat(b.join(APP, "presence-small", new RecordingSubscriber("2.1"), member("u2", null), 1)
                        .block(WAIT)
                        .refused())
                .isTrue();
        assertThat(b.join(APP, "presence-small", new RecordingSubscriber("2.2"), member("u1", null), 1)
                        .block(WAIT)
                        .refused())
                .isFalse();
        assertThat(a.state().subscriptionCount(APP, "presence-small").block(WAIT))
                .isEqualTo(2);
        assertThat(a.state().roster(APP, "presence-small").block(WAIT))
                .extracting(PresenceMember::userId)
                .containsExactly("u1");
    }

    @Test
    void cacheChannelEventStoredOnOneNodeIsReadOnAnother() {
        assertThat(b.state().cachedEvent(APP, "cache-rates").blockOptional(WAIT))
                .isEmpty();

        a.state()
                .cacheEvent(APP, "cache-rates", "{\"event\":\"rates\"}", Duration.ofMinutes(30))
                .block(WAIT);

        assertThat(b.state().cachedEvent(APP, "cache-rates").block(WAIT)).isEqualTo("{\"event\":\"rates\"}");
        assertThat(b.state().cachedEventTtl(APP, "cache-rates").block(WAIT))
                .isBetween(Duration.ofMinutes(29), Duration.ofMinutes(30));
    }

    @Test
    void terminatingAUserClosesItsConnectionsOnEveryNode() {
        RecordingSubscriber onA = new RecordingSubscriber("1.1");
        RecordingSubscriber onB = new RecordingSubscriber("2.1");
        RecordingSubscriber someoneElse = new RecordingSubscriber("2.2");
        a.signIn(APP, "u1", onA).block(WAIT);
        assertThat(b.signIn(APP, "u1", onB).block(WAIT)).isEqualTo(2);
        b.signIn(APP, "u2", someoneElse).block(WAIT);
        assertThat(a.state().signedInUsers(APP).block(WAIT))
                .containsEntry("u1", 2L)
                .containsEntry("u2", 1L);

        a.terminateUser(APP, "u1").block(WAIT);

        await().atMost(WAIT).until(() -> onA.terminated && onB.terminated);
        assertThat(someoneElse.terminated).isFalse();
        assertThat(b.signOut(APP, "u1", "2.1").block(WAIT)).isEqualTo(1);
    }

    @Test
    void crashedNodeIsReapedOnceAndPresenceConvergesOnTheSurvivor() {
        RecordingSubscriber survivor = join(a, "presence-desk", "1.1", member("u1", null));
        join(b, "presence-desk", "2.1", member("u2", null));
        join(b, "presence-desk", "2.2", member("u1", null));
        join(b, "lobby", "2.3", null);
        b.signIn(APP, "u2", new RecordingSubscriber("2.1")).block(WAIT);

        b.halt();

        await().atMost(WAIT).until(() -> survivor.count("member_removed") > 0);
        assertThat(a.state().roster(APP, "presence-desk").block(WAIT))
                .extracting(PresenceMember::userId)
                .containsExactly("u1");
        assertThat(a.state().subscriptionCount(APP, "presence-desk").block(WAIT))
                .isEqualTo(1);
        assertThat(a.state().channels(APP).block(WAIT)).containsOnlyKeys("presence-desk");
        assertThat(a.state().userConnections(APP, "u2").block(WAIT)).isZero();

        FleetEventStream stream = new FleetEventStream(redis.template(), redis.properties("node-a"), a.state()::lease);
        List<ChannelEvent> events = new ArrayList<>();
        await().atMost(WAIT).until(() -> {
            events.addAll(stream.take("test-reader", 100).block(WAIT));
            return events.stream().anyMatch(event -> event.name().equals("channel_vacated"));
        });
        assertThat(events)
                .filteredOn(event -> event.name().equals("member_removed"))
                .extracting(event -> event.event().path("user_id").asString())
                .containsExactly("u2");
        assertThat(events)
                .filteredOn(event -> event.name().equals("channel_vacated"))
                .extracting(ChannelEvent::channel)
                .containsExactly("lobby");
        assertThat(survivor.frames)
                .filteredOn(frame -> frame.contains("member_removed"))
                .hasSize(1)
                .allMatch(frame -> frame.contains("u2"));
    }

    @Test
    void twoReapersRacingOverTheSameDeadNodeRemoveEachConnectionOnce() {
        for (int i = 0; i < 20; i++) {
            join(b, "presence-desk", "2." + i, member("u" + (i % 5), null));
        }
        // Reaped directly, three times at once (B's lease stays, so the reaper loops leave it alone).
        String dead = b.state().lease();

        List<ReapedSubscription> reaped = Flux.merge(
                        a.state().reap(dead), a.state().reap(dead), a.state().reap(dead))
                .collectList()
                .block(WAIT);

        assertThat(reaped).filteredOn(each -> each.left().removed()).hasSize(20);
        assertThat(reaped)
                .filteredOn(each -> each.left().lastForUser())
                .extracting(ReapedSubscription::userId)
                .containsExactlyInAnyOrder("u0", "u1", "u2", "u3", "u4");
        assertThat(reaped).filteredOn(each -> each.left().vacated()).hasSize(1);
        assertThat(a.state().channels(APP).block(WAIT)).isEmpty();
    }

    @Test
    void nodeThatLostItsLeaseAndWasReapedRegistersItsConnectionsAgain() {
        join(a, "presence-desk", "1.1", member("u1", null));
        RecordingSubscriber onB = join(b, "presence-desk", "2.1", member("u2", null));
        a.signIn(APP, "u1", new RecordingSubscriber("1.1")).block(WAIT);
        String oldLease = a.state().lease();

        // A pauses longer than its lease: the lease expires and B reaps A's connections.
        redis.template()
                .delete(new FleetKeys(redis.prefix()).heartbeat(oldLease))
                .block(WAIT);
        b.state().reap(oldLease).collectList().block(WAIT);

        await().atMost(WAIT)
                .until(() -> !a.state().lease().equals(oldLease)
                        && a.state().subscriptionCount(APP, "presence-desk").block(WAIT) == 2);
        assertThat(a.state().roster(APP, "presence-desk").block(WAIT))
                .extracting(PresenceMember::userId)
                .containsExactlyInAnyOrder("u1", "u2");
        assertThat(a.state().userConnections(APP, "u1").block(WAIT)).isEqualTo(1);
        await().atMost(WAIT).until(() -> onB.count("member_added") == 1);

        // A reaper still working on the old lease no longer removes anything.
        assertThat(b.state().reap(oldLease).collectList().block(WAIT))
                .allMatch(departure -> !departure.left().removed());
        assertThat(a.state().subscriptionCount(APP, "presence-desk").block(WAIT))
                .isEqualTo(2);
        assertThat(a.state().userConnections(APP, "u1").block(WAIT)).isEqualTo(1);
    }

    private RecordingSubscriber join(FleetNode node, String channel, String socketId, PresenceMember member) {
        RecordingSubscriber subscriber = new RecordingSubscriber(socketId);
        assertThat(node.join(APP, channel, subscriber, member, 100).block(WAIT).refused())
                .isFalse();
        return subscriber;
    }

    private static PresenceMember member(String userId, String userInfo) {
        return new PresenceMember(userId, userInfo == null ? null : FleetState.JSON.readTree(userInfo));
    }
}
