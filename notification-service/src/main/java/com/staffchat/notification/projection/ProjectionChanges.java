package com.staffchat.notification.projection;

import com.staffchat.events.ConversationCreated;
import com.staffchat.events.ConversationEvent;
import com.staffchat.events.ConversationMuted;
import com.staffchat.events.ConversationUpdated;
import com.staffchat.events.EventEnvelope;
import com.staffchat.events.MessageSent;
import com.staffchat.events.MessagesRead;
import com.staffchat.events.ParticipantsAdded;
import com.staffchat.events.ParticipantsRemoved;
import com.staffchat.events.SystemNote;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A batch of conversation events folded, in order, into one net change per conversation and per
 * participant, so the whole batch is written with one statement whatever its size. The fold keeps
 * what the events mean in message-service:
 *
 * <ul>
 *   <li>a message moves the conversation's {@code last_seq} and its sender's read position to its
 *       {@code seq} (message-service does the same on send); the system message of an addition
 *       moves the new members' too (message-service adds them with nothing unread);
 *   <li>people added start at the conversation's newest seq, unmuted; people removed are gone, and
 *       someone removed and added again within one batch starts afresh;
 *   <li>read positions only move forward, a mute is the latest one.
 * </ul>
 */
final class ProjectionChanges {

    record ConversationKey(String hotel, long conversationId) {}

    record ParticipantKey(String hotel, long conversationId, long staffId) {}

    /** The net change of one conversation row: kind and title when an event told them, the newest seq. */
    static final class ConversationChange {
        @Nullable
        String kind;

        @Nullable
        String title;

        long lastSeq;
    }

    /** The net change of one participant row. */
    static final class ParticipantChange {
        /** False: the row goes (removed, and not added again later in the batch). */
        boolean present = true;

        /** Its person was added in this batch: a new row starts at {@link #joinedAtSeq}, unmuted. */
        boolean added;

        /** Added after a removal in this batch: an existing row starts afresh too. */
        boolean replaced;

        /** For {@link #added}: the conversation's newest seq this batch had seen when they were added. */
        long joinedAtSeq;

        long lastReadSeq;

        /** Whether a mute event set {@link #muted} and {@link #mutedUntil}. */
        boolean muteSet;

        boolean muted;

        @Nullable
        Instant mutedUntil;
    }

    final Map<ConversationKey, ConversationChange> conversations = new LinkedHashMap<>();
    final Map<ParticipantKey, ParticipantChange> participants = new LinkedHashMap<>();

    private ProjectionChanges() {}

    static ProjectionChanges of(Collection<? extends EventEnvelope<? extends ConversationEvent>> envelopes) {
        ProjectionChanges changes = new ProjectionChanges();
        envelopes.forEach(changes::apply);
        return changes;
    }

    boolean isEmpty() {
        return conversations.isEmpty();
    }

    private void apply(EventEnvelope<? extends ConversationEvent> envelope) {
        String hotel = envelope.tenant();
        ConversationEvent event = envelope.data();
        long id = event.conversationId();
        ConversationChange conversation = conversation(hotel, id);
        if (event instanceof ConversationCreated c) {
            conversation.kind = c.kind().name();
            conversation.title = c.title();
            c.participantIds().forEach(s -> add(hotel, id, s, conversation.lastSeq));
        } else if (event instanceof ConversationUpdated u) {
            conversation.title = u.title();
        } else if (event instanceof ParticipantsAdded a) {
            a.staffIds().forEach(s -> add(hotel, id, s, conversation.lastSeq));
        } else if (event instanceof ParticipantsRemoved r) {
            r.staffIds().forEach(s -> {
                ParticipantChange gone = new ParticipantChange();
                gone.present = false;
                participants.put(new ParticipantKey(hotel, id, s), gone);
            });
        } else if (event instanceof MessageSent m) {
            conversation.lastSeq = Math.max(conversation.lastSeq, m.seq());
            read(hotel, id, m.senderId(), m.seq());
            if (m.system() != null && m.system().action() == SystemNote.Action.PARTICIPANTS_ADDED) {
                m.system().staffIds().forEach(s -> read(hotel, id, s, m.seq()));
            }
        } else if (event instanceof MessagesRead r) {
            read(hotel, id, r.staffId(), r.lastReadSeq());
        } else if (event instanceof ConversationMuted m) {
            ParticipantChange p = present(hotel, id, m.staffId());
            p.muteSet = true;
            p.muted = m.muted();
            p.mutedUntil = m.muted() ? m.mutedUntil() : null;
        }
        // edits, deletions, reactions, archive and roles change nothing the projection holds
    }

    private ConversationChange conversation(String hotel, long id) {
        return conversations.computeIfAbsent(new ConversationKey(hotel, id), k -> new ConversationChange());
    }

    private void add(String hotel, long id, long staffId, long seqSoFar) {
        ParticipantKey key = new ParticipantKey(hotel, id, staffId);
        ParticipantChange before = participants.get(key);
        if (before != null && before.present) {
            return; // already in (message-service adds nobody twice): the change so far stands
        }
        ParticipantChange fresh = new ParticipantChange();
        fresh.added = true;
        fresh.replaced = before != null;
        fresh.joinedAtSeq = seqSoFar;
        participants.put(key, fresh);
    }

    private void read(String hotel, long id, long staffId, long seq) {
        ParticipantChange p = present(hotel, id, staffId);
        p.lastReadSeq = Math.max(p.lastReadSeq, seq);
    }

    /** The change of someone who takes part (an event of theirs says so), made present again if it was removed. */
    private ParticipantChange present(String hotel, long id, long staffId) {
        ParticipantKey key = new ParticipantKey(hotel, id, staffId);
        ParticipantChange p = participants.get(key);
        if (p == null || !p.present) {
            p = new ParticipantChange();
            participants.put(key, p);
        }
        return p;
    }
}
