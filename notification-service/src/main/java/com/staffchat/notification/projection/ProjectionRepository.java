package com.staffchat.notification.projection;

import com.staffchat.events.EventEnvelope;
import com.staffchat.notification.projection.ProjectionChanges.ConversationChange;
import com.staffchat.notification.projection.ProjectionChanges.ConversationKey;
import com.staffchat.notification.projection.ProjectionChanges.ParticipantChange;
import com.staffchat.notification.projection.ProjectionChanges.ParticipantKey;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The projection's SQL: a batch's changes in one statement of arrays, whatever the batch holds; the
 * recipients of many conversations, with each one's total unread, in one query. Every statement
 * names the hotel.
 */
@Repository
class ProjectionRepository {

    /**
     * Writes a batch's net changes. All parts read the snapshot from before the statement, which is
     * what a person added in the batch needs: the conversation's newest seq before the batch's later
     * messages. The parts touch disjoint rows: removals, updates of rows that exist, inserts of the
     * rest (the update's {@code returning} tells which existed).
     */
    private static final String APPLY = """
            with conversation_in as (
                select * from unnest(cast(:cHotels as text[]), cast(:cIds as bigint[]), cast(:kinds as text[]),
                                     cast(:titles as text[]), cast(:lastSeqs as bigint[]))
                    as c(hotel, conversation_id, kind, title, last_seq)),
            participant_in as (
                select x.*, coalesce(c.last_seq, 0) as seq_before
                from unnest(cast(:hotels as text[]), cast(:ids as bigint[]), cast(:staff as bigint[]),
                            cast(:present as boolean[]), cast(:added as boolean[]), cast(:replaced as boolean[]),
                            cast(:joined as bigint[]), cast(:read as bigint[]), cast(:muteSet as boolean[]),
                            cast(:muted as boolean[]), cast(cast(:until as text[]) as timestamptz[]))
                    as x(hotel, conversation_id, staff_id, present, added, replaced, joined_seq, read_seq, mute_set,
                         muted, muted_until)
                left join projected_conversation c on c.hotel = x.hotel and c.conversation_id = x.conversation_id),
            conversations as (
                insert into projected_conversation as c (hotel, conversation_id, kind, title, last_seq)
                select hotel, conversation_id, kind, title, last_seq from conversation_in
                on conflict (hotel, conversation_id) do update set
                    kind = coalesce(excluded.kind, c.kind),
                    title = coalesce(excluded.title, c.title),
                    last_seq = greatest(c.last_seq, excluded.last_seq)),
            removed as (
                delete from projected_participant p using participant_in x
                where not x.present
                  and p.hotel = x.hotel and p.conversation_id = x.conversation_id and p.staff_id = x.staff_id),
            updated as (
                update projected_participant p set
                    last_read_seq = case when x.replaced then greatest(x.read_seq, x.joined_seq, x.seq_before)
                                         else greatest(p.last_read_seq, x.read_seq) end,
                    muted = case when x.mute_set then x.muted when x.replaced then false else p.muted end,
                    muted_until = case when x.mute_set then x.muted_until when x.replaced then null
                                       else p.muted_until end
                from participant_in x
                where x.present
                  and p.hotel = x.hotel and p.conversation_id = x.conversation_id and p.staff_id = x.staff_id
                returning p.hotel, p.conversation_id, p.staff_id)
            insert into projected_participant (hotel, conversation_id, staff_id, last_read_seq, muted, muted_until)
            select x.hotel, x.conversation_id, x.staff_id,
                   case when x.added then greatest(x.read_seq, x.joined_seq, x.seq_before) else x.read_seq end,
                   x.mute_set and x.muted,
                   case when x.mute_set then x.muted_until end
            from participant_in x
            where x.present
              and not exists (select 1 from updated u
                              where u.hotel = x.hotel and u.conversation_id = x.conversation_id
                                and u.staff_id = x.staff_id)
            on conflict do nothing""";

    /**
     * The participants of the given conversations, each with the conversation's newest seq and member
     * count (of all its participants), and their total unread over all their conversations of the
     * hotel in conversations of at most {@code :totalsUpTo} members. Unless {@code :everyone}, only
     * those with something unread here; with {@code :watching}, only those whose own channel is
     * occupied ({@code watched_feeds}): the filters apply before the totals are summed.
     */
    private static final String MEMBERS = """
            with wanted as (
                select distinct * from unnest(cast(:hotels as text[]), cast(:ids as bigint[]))
                    as w(hotel, conversation_id)),
            members as (
                select p.hotel, p.conversation_id, c.last_seq, p.staff_id, p.last_read_seq, p.muted, p.muted_until,
                       count(*) over (partition by p.hotel, p.conversation_id) as member_count
                from wanted w
                join projected_conversation c on c.hotel = w.hotel and c.conversation_id = w.conversation_id
                join projected_participant p on p.hotel = w.hotel and p.conversation_id = w.conversation_id)
            select m.hotel, m.conversation_id, m.last_seq, m.member_count, m.staff_id, m.last_read_seq, m.muted,
                   m.muted_until, t.total
            from members m
            left join lateral (
                select cast(sum(greatest(c2.last_seq - p2.last_read_seq, 0)) as bigint) as total
                from projected_participant p2
                join projected_conversation c2 on c2.hotel = p2.hotel and c2.conversation_id = p2.conversation_id
                where p2.hotel = m.hotel and p2.staff_id = m.staff_id
                  and m.member_count <= :totalsUpTo) t on true
            where (:everyone or m.last_read_seq < m.last_seq)
              and (not :watching or exists (
                  select 1 from watched_feeds f where f.hotel = m.hotel and f.staff_id = m.staff_id))
            order by m.hotel, m.conversation_id, m.staff_id""";

    /** A snapshot: the conversation row as given, its participants exactly those given (others deleted). */
    private static final String REPLACE = """
            with state as (
                select * from unnest(cast(:staff as bigint[]), cast(:read as bigint[]), cast(:muted as boolean[]),
                                     cast(cast(:until as text[]) as timestamptz[]))
                    as s(staff_id, last_read_seq, muted, muted_until)),
            conversation as (
                insert into projected_conversation as c (hotel, conversation_id, kind, title, last_seq)
                values (:hotel, :c, :kind, :title, :lastSeq)
                on conflict (hotel, conversation_id) do update set
                    kind = coalesce(excluded.kind, c.kind), title = excluded.title, last_seq = excluded.last_seq),
            gone as (
                delete from projected_participant
                where hotel = :hotel and conversation_id = :c and staff_id <> all(cast(:staff as bigint[])))
            insert into projected_participant as p (hotel, conversation_id, staff_id, last_read_seq, muted, muted_until)
            select :hotel, :c, staff_id, last_read_seq, muted, muted_until from state
            on conflict (hotel, conversation_id, staff_id) do update set
                last_read_seq = excluded.last_read_seq, muted = excluded.muted, muted_until = excluded.muted_until""";

    private final DatabaseClient db;

    ProjectionRepository(DatabaseClient db) {
        this.db = db;
    }

    /**
     * Records {@code envelopes} as processed by {@code consumer} in one statement and answers the ids
     * that were new: the events to apply. In the transaction of the change, so both commit or neither
     * does, and a concurrent redelivery waits on the rows and then finds them.
     */
    Mono<Set<UUID>> recordNew(String consumer, List<? extends EventEnvelope<?>> envelopes) {
        if (envelopes.isEmpty()) {
            return Mono.just(Set.of());
        }
        return db.sql("""
                        insert into processed_events (consumer, event_id, event_type)
                        select :consumer, e.id, e.type
                        from unnest(cast(:ids as uuid[]), cast(:types as text[])) as e(id, type)
                        on conflict do nothing
                        returning event_id""")
                .bind("consumer", consumer)
                .bind("ids", envelopes.stream().map(EventEnvelope::id).toArray(UUID[]::new))
                .bind("types", envelopes.stream().map(EventEnvelope::type).toArray(String[]::new))
                .map(row -> row.get("event_id", UUID.class))
                .all()
                .collect(HashSet<UUID>::new, Set::add)
                .map(Set::copyOf);
    }

    Mono<Void> apply(ProjectionChanges changes) {
        List<Map.Entry<ConversationKey, ConversationChange>> conversations =
                List.copyOf(changes.conversations.entrySet());
        List<Map.Entry<ParticipantKey, ParticipantChange>> participants = List.copyOf(changes.participants.entrySet());
        return db.sql(APPLY)
                .bind(
                        "cHotels",
                        conversations.stream().map(e -> e.getKey().hotel()).toArray(String[]::new))
                .bind(
                        "cIds",
                        conversations.stream()
                                .map(e -> e.getKey().conversationId())
                                .toArray(Long[]::new))
                .bind(
                        "kinds",
                        conversations.stream().map(e -> e.getValue().kind).toArray(String[]::new))
                .bind(
                        "titles",
                        conversations.stream().map(e -> e.getValue().title).toArray(String[]::new))
                .bind(
                        "lastSeqs",
                        conversations.stream().map(e -> e.getValue().lastSeq).toArray(Long[]::new))
                .bind(
                        "hotels",
                        participants.stream().map(e -> e.getKey().hotel()).toArray(String[]::new))
                .bind(
                        "ids",
                        participants.stream()
                                .map(e -> e.getKey().conversationId())
                                .toArray(Long[]::new))
                .bind(
                        "staff",
                        participants.stream().map(e -> e.getKey().staffId()).toArray(Long[]::new))
                .bind(
                        "present",
                        participants.stream().map(e -> e.getValue().present).toArray(Boolean[]::new))
                .bind(
                        "added",
                        participants.stream().map(e -> e.getValue().added).toArray(Boolean[]::new))
                .bind(
                        "replaced",
                        participants.stream().map(e -> e.getValue().replaced).toArray(Boolean[]::new))
                .bind(
                        "joined",
                        participants.stream().map(e -> e.getValue().joinedAtSeq).toArray(Long[]::new))
                .bind(
                        "read",
                        participants.stream().map(e -> e.getValue().lastReadSeq).toArray(Long[]::new))
                .bind(
                        "muteSet",
                        participants.stream().map(e -> e.getValue().muteSet).toArray(Boolean[]::new))
                .bind(
                        "muted",
                        participants.stream().map(e -> e.getValue().muted).toArray(Boolean[]::new))
                .bind(
                        "until",
                        participants.stream()
                                .map(e -> text(e.getValue().mutedUntil))
                                .toArray(String[]::new))
                .then();
    }

    /** The members of each conversation in {@code keys} (hotel and id); see {@link #MEMBERS} for the totals. */
    Flux<MemberRow> members(Collection<ConversationKey> keys, int totalsUpTo, Projection.Who who) {
        List<ConversationKey> list = List.copyOf(keys);
        return db.sql(MEMBERS)
                .bind("hotels", list.stream().map(ConversationKey::hotel).toArray(String[]::new))
                .bind("ids", list.stream().map(ConversationKey::conversationId).toArray(Long[]::new))
                .bind("totalsUpTo", totalsUpTo)
                .bind("everyone", who == Projection.Who.EVERYONE)
                .bind("watching", who == Projection.Who.UNREAD_WATCHING)
                .map(row -> {
                    long lastSeq = row.get("last_seq", Long.class);
                    long lastRead = row.get("last_read_seq", Long.class);
                    OffsetDateTime until = row.get("muted_until", OffsetDateTime.class);
                    return new MemberRow(
                            new ConversationKey(row.get("hotel", String.class), row.get("conversation_id", Long.class)),
                            lastSeq,
                            row.get("member_count", Long.class).intValue(),
                            new Recipient(
                                    row.get("staff_id", Long.class),
                                    lastRead,
                                    Math.max(0, lastSeq - lastRead),
                                    Boolean.TRUE.equals(row.get("muted", Boolean.class)),
                                    until == null ? null : until.toInstant(),
                                    row.get("total", Long.class)));
                })
                .all();
    }

    record MemberRow(ConversationKey conversation, long lastSeq, int memberCount, Recipient recipient) {}

    Mono<Void> replace(String hotel, ConversationState state) {
        List<ConversationState.Participant> people = state.participants();
        var spec = db.sql(REPLACE)
                .bind("hotel", hotel)
                .bind("c", state.conversationId())
                .bind("lastSeq", state.lastSeq())
                .bind(
                        "staff",
                        people.stream()
                                .map(ConversationState.Participant::staffId)
                                .toArray(Long[]::new))
                .bind(
                        "read",
                        people.stream()
                                .map(ConversationState.Participant::lastReadSeq)
                                .toArray(Long[]::new))
                .bind(
                        "muted",
                        people.stream()
                                .map(ConversationState.Participant::muted)
                                .toArray(Boolean[]::new))
                .bind("until", people.stream().map(p -> text(p.mutedUntil())).toArray(String[]::new));
        spec = state.kind() == null
                ? spec.bindNull("kind", String.class)
                : spec.bind("kind", state.kind().name());
        spec = state.title() == null ? spec.bindNull("title", String.class) : spec.bind("title", state.title());
        return spec.then();
    }

    private static @Nullable String text(@Nullable Instant at) {
        return at == null ? null : at.toString();
    }
}
