package com.staffchat.message.conversation;

import com.staffchat.events.ConversationKind;
import com.staffchat.message.Nullable;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Mono;

/**
 * SQL of group management: membership, roles and metadata. Every change first locks the
 * conversation row ({@link #lock}), so changes of one conversation take turns with each other and
 * with its sends (which lock that row for the seq), and each reads the membership it changes.
 */
@Repository
class GroupRepository {

    private final DatabaseClient db;

    GroupRepository(DatabaseClient db) {
        this.db = db;
    }

    /** The conversation as the caller's change finds it; {@code callerRole} null when they are not a participant. */
    record Locked(
            ConversationKind kind,
            String title,
            long lastSeq,
            boolean historyVisible,
            boolean archived,
            String callerRole) {

        boolean group() {
            return kind == ConversationKind.GROUP;
        }
    }

    /** Locks the conversation row until the transaction ends; empty when the hotel has no such conversation. */
    Mono<Locked> lock(String hotel, long conversationId, long callerId) {
        return db.sql("""
                select c.kind, c.title, c.last_seq, c.history_visible, c.archived_at is not null as archived,
                       p.role as caller_role
                from conversation c
                left join participant p on p.hotel = c.hotel and p.conversation_id = c.id and p.staff_id = :caller
                where c.id = :c and c.hotel = :hotel
                for update of c""")
                .bind("c", conversationId)
                .bind("hotel", hotel)
                .bind("caller", callerId)
                .map(row -> new Locked(
                        ConversationKind.valueOf(row.get("kind", String.class)),
                        row.get("title", String.class),
                        row.get("last_seq", Long.class),
                        Boolean.TRUE.equals(row.get("history_visible", Boolean.class)),
                        Boolean.TRUE.equals(row.get("archived", Boolean.class)),
                        row.get("caller_role", String.class)))
                .one();
    }

    /** One participant: id, role and when they joined. */
    record Member(long staffId, String role, OffsetDateTime joinedAt) {

        boolean admin() {
            return "ADMIN".equals(role);
        }
    }

    /** The participants, longest-standing first (earliest joined, then smallest staff id). */
    Mono<List<Member>> members(String hotel, long conversationId) {
        return db.sql("""
                select staff_id, role, joined_at from participant
                where hotel = :hotel and conversation_id = :c
                order by joined_at, staff_id""")
                .bind("hotel", hotel)
                .bind("c", conversationId)
                .map(row -> new Member(
                        row.get("staff_id", Long.class),
                        row.get("role", String.class),
                        row.get("joined_at", OffsetDateTime.class)))
                .all()
                .collectList();
    }

    /**
     * Adds people as members who see messages after {@code visibleFromSeq} and have read up to
     * {@code lastReadSeq}; returns the ids actually added (people already in are left as they are).
     */
    Mono<List<Long>> add(
            String hotel, long conversationId, Collection<Long> staffIds, long visibleFromSeq, long lastReadSeq) {
        return db.sql("""
                insert into participant (conversation_id, hotel, staff_id, role, visible_from_seq, last_read_seq)
                select :c, :hotel, x.id, 'MEMBER', :visibleFrom, :lastRead
                from unnest(cast(:ids as bigint[])) as x(id)
                on conflict do nothing
                returning staff_id""")
                .bind("c", conversationId)
                .bind("hotel", hotel)
                .bind("ids", staffIds.toArray(Long[]::new))
                .bind("visibleFrom", visibleFromSeq)
                .bind("lastRead", lastReadSeq)
                .map(row -> row.get("staff_id", Long.class))
                .all()
                .sort()
                .collectList();
    }

    /**
     * Ends a membership: deletes the participant row (every membership check, channel authorization
     * included, refuses from the commit on) and records the departure, in one statement.
     */
    Mono<Boolean> remove(String hotel, long conversationId, long staffId, long removedBy) {
        return db.sql("""
                with gone as (
                    delete from participant where hotel = :hotel and conversation_id = :c and staff_id = :s
                    returning staff_id)
                insert into participant_departure (conversation_id, hotel, staff_id, removed_by)
                select :c, :hotel, staff_id, :by from gone
                returning id""")
                .bind("hotel", hotel)
                .bind("c", conversationId)
                .bind("s", staffId)
                .bind("by", removedBy)
                .map(row -> row.get("id", Long.class))
                .all()
                .hasElements();
    }

    Mono<Void> setRole(String hotel, long conversationId, long staffId, String role) {
        return db.sql("""
                update participant set role = :role
                where hotel = :hotel and conversation_id = :c and staff_id = :s and role <> :role""")
                .bind("role", role)
                .bind("hotel", hotel)
                .bind("c", conversationId)
                .bind("s", staffId)
                .then();
    }

    /** The group's metadata after an update: null arguments leave a column as it is, empty strings clear it. */
    record Metadata(String title, String description, String avatarUrl, boolean historyVisible) {}

    Mono<Metadata> update(
            String hotel,
            long conversationId,
            String title,
            String description,
            String avatarUrl,
            Boolean historyVisible) {
        return db.sql("""
                update conversation set
                    title = coalesce(cast(:title as text), title),
                    description = case when cast(:description as text) is null then description
                                       else nullif(:description, '') end,
                    avatar_url = case when cast(:avatar as text) is null then avatar_url else nullif(:avatar, '') end,
                    history_visible = coalesce(cast(:historyVisible as boolean), history_visible)
                where id = :c and hotel = :hotel
                returning title, description, avatar_url, history_visible""")
                .bind("title", Nullable.of(title, String.class))
                .bind("description", Nullable.of(description, String.class))
                .bind("avatar", Nullable.of(avatarUrl, String.class))
                .bind("historyVisible", Nullable.of(historyVisible, Boolean.class))
                .bind("c", conversationId)
                .bind("hotel", hotel)
                .map(row -> new Metadata(
                        row.get("title", String.class),
                        row.get("description", String.class),
                        row.get("avatar_url", String.class),
                        Boolean.TRUE.equals(row.get("history_visible", Boolean.class))))
                .one();
    }

    /** Display names of {@code ids} in the hotel's directory (people missing from it are absent). */
    Mono<Map<Long, String>> names(String hotel, Collection<Long> ids) {
        return db.sql("select id, display_name from staff where hotel = :hotel and id = any(:ids)")
                .bind("hotel", hotel)
                .bind("ids", ids.toArray(Long[]::new))
                .map(row -> Map.entry(row.get("id", Long.class), row.get("display_name", String.class)))
                .all()
                .collectMap(Map.Entry::getKey, Map.Entry::getValue);
    }
}
