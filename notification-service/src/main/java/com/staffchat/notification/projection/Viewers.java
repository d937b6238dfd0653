package com.staffchat.notification.projection;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Who is looking at a conversation right now: the staff with a signed-in realtime connection
 * subscribed to the conversation's channel ({@code private-{hotel}-staff-conversation-{id}}), as
 * realtime-service announces on {@code staffchat.presence} ({@link PresenceListener}). Kept in
 * PostgreSQL per (hotel, conversation, staff, socket), so every instance answers the same. A row
 * not announced again within {@code staffchat.viewers.max-age} is ignored: its removal was lost.
 */
@Component
public class Viewers {

    private final DatabaseClient db;

    private final ViewerProperties properties;

    private final Clock clock;

    Viewers(DatabaseClient db, ViewerProperties properties) {
        this.db = db;
        this.properties = properties;
        this.clock = Clock.systemUTC();
    }

    /**
     * Which of {@code staffIds} are looking at the conversation now (one query). The push handler
     * leaves them out: they see the message on an open screen.
     */
    public Mono<Set<Long>> lookingAmong(String hotel, long conversationId, Collection<Long> staffIds) {
        if (staffIds.isEmpty()) {
            return Mono.just(Set.of());
        }
        return db.sql(
                        "select distinct staff_id from conversation_viewers where hotel = :hotel"
                                + " and conversation_id = :conversation and staff_id = any(cast(:staff as bigint[])) and refreshed_at > :since")
                .bind("hotel", hotel)
                .bind("conversation", conversationId)
                .bind("staff", staffIds.toArray(Long[]::new))
                .bind("since", freshSince())
                .map(row -> row.get("staff_id", Long.class))
                .all()
                .collect(HashSet<Long>::new, Set::add)
                .map(Set::copyOf);
    }

    /** The connection is on the channel, announced at {@code at} (realtime-service's clock). */
    Mono<Void> add(Viewer viewer, Instant at) {
        return db.sql("insert into conversation_viewers (hotel, conversation_id, staff_id, socket_id, refreshed_at)"
                        + " values (:hotel, :conversation, :staff, :socket, :at)"
                        + " on conflict (hotel, conversation_id, staff_id, socket_id) do update"
                        + " set refreshed_at = greatest(conversation_viewers.refreshed_at, excluded.refreshed_at)")
                .bind("hotel", viewer.hotel())
                .bind("conversation", viewer.conversationId())
                .bind("staff", viewer.staffId())
                .bind("socket", viewer.socketId())
                .bind("at", at.atOffset(ZoneOffset.UTC))
                .then();
    }

    /** The connection left the channel (unsubscribed, closed, or its node died). */
    Mono<Void> remove(Viewer viewer) {
        return db.sql("delete from conversation_viewers where hotel = :hotel and conversation_id = :conversation"
                        + " and staff_id = :staff and socket_id = :socket")
                .bind("hotel", viewer.hotel())
                .bind("conversation", viewer.conversationId())
                .bind("staff", viewer.staffId())
                .bind("socket", viewer.socketId())
                .then();
    }

    /** Deletes the rows {@link #lookingAmong} ignores already; answers how many. */
    Mono<Long> prune() {
        return db.sql("delete from conversation_viewers where refreshed_at <= :since")
                .bind("since", freshSince())
                .fetch()
                .rowsUpdated();
    }

    private java.time.OffsetDateTime freshSince() {
        return clock.instant().minus(properties.maxAge()).atOffset(ZoneOffset.UTC);
    }
}
