package com.staffchat.notification.push;

import com.staffchat.events.AttachmentSummary;
import com.staffchat.events.ConversationEvent;
import com.staffchat.events.ConversationKind;
import com.staffchat.events.EventEnvelope;
import com.staffchat.events.MessageDeleted;
import com.staffchat.events.MessageEdited;
import com.staffchat.events.MessageKind;
import com.staffchat.events.MessageSent;
import com.staffchat.events.MessagesRead;
import com.staffchat.notification.device.DeviceRepository;
import com.staffchat.notification.preference.NotificationPreference;
import com.staffchat.notification.preference.PushKind;
import com.staffchat.notification.preference.PushPreferences;
import com.staffchat.notification.preference.PushVerdict;
import com.staffchat.notification.projection.ConversationTitles;
import com.staffchat.notification.projection.Projection;
import com.staffchat.notification.projection.Recipient;
import com.staffchat.notification.projection.Recipients;
import com.staffchat.notification.projection.Viewers;
import com.staffchat.support.consumer.DependencyUnavailableException;
import com.staffchat.support.security.DeactivatedStaff;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * What one conversation event means for phones, and sending it: a new person's message becomes a
 * visible push for each participant who should be told; an edit or a delete of a pushed message
 * becomes a data message to the tokens that got it; a read clears the conversation on the reader's
 * devices. Expects the projection to have the event's batch applied.
 *
 * <p>Who gets a new-message push, per participant other than the sender who has not read the
 * message yet, checked in this order, the first that says no giving the reason: their preferences
 * ({@link NotificationPreference#allows}: push level, mute (a mention or a direct message breaks
 * through it), quiet hours); whether they are looking at the conversation ({@link Viewers}); whether
 * they have a device (a deactivated person's devices never count). The cheap, local checks come first
 * and the ones that query come after, each query asked once for everyone still in.
 */
@Component
class MessagePushes {

    /** The decision counter; tag {@code reason}, one of {@link Reason}. */
    static final String DECISIONS_METRIC = "staffchat.push.decisions";

    /** Shown for a direct conversation: the events carry no sender name; the app, which knows the sender, may replace it. */
    static final String DIRECT_TITLE = "Direct message";

    /** Shown for a group (or a conversation of unknown kind) the projection knows no title of. */
    static final String UNTITLED = "New message";

    static final String PHOTO = "📎 photo";
    static final String FILE = "📎 file";

    /** Why a recipient did or did not get a new-message push (the metric's {@code reason} tag). */
    enum Reason {
        SENT,
        PREFERENCE,
        MUTED,
        QUIET_HOURS,
        ONLINE,
        NO_DEVICE;

        String tag() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** What handling one event did: the decisions per reason (new messages only) and FCM's outcomes. */
    record Handled(Map<Reason, Integer> decisions, List<FcmSender.Outcome> outcomes) {

        static final Handled NOTHING = new Handled(Map.of(), List.of());
    }

    private final ObjectProvider<FcmSender> sender;
    private final ObjectProvider<PushDeliveries> deliveries;
    private final Projection projection;
    private final ConversationTitles titles;
    private final Viewers viewers;
    private final PushPreferences preferences;
    private final DeviceRepository devices;
    private final DeactivatedStaff deactivated;
    private final int concurrency;
    private final Clock clock;

    MessagePushes(
            ObjectProvider<FcmSender> sender,
            ObjectProvider<PushDeliveries> deliveries,
            Projection projection,
            ConversationTitles titles,
            Viewers viewers,
            PushPreferences preferences,
            DeviceRepository devices,
            DeactivatedStaff deactivated,
            FcmProperties settings) {
        this.sender = sender;
        this.deliveries = deliveries;
        this.projection = projection;
        this.titles = titles;
        this.viewers = viewers;
        this.preferences = preferences;
        this.devices = devices;
        this.deactivated = deactivated;
        this.concurrency = settings.concurrency();
        this.clock = Clock.systemUTC();
    }

    /** Whether FCM is on (there is a sender); off, nothing is pushed. */
    boolean on() {
        return sender.getIfAvailable() != null;
    }

    /** Whether {@code event} may cause a push: the events the push handler records as processed. */
    static boolean concerns(ConversationEvent event) {
        return event instanceof MessageSent
                || event instanceof MessageEdited
                || event instanceof MessageDeleted
                || event instanceof MessagesRead;
    }

    /** Decides and sends what {@code envelope} means for phones. */
    Mono<Handled> handle(EventEnvelope<? extends ConversationEvent> envelope) {
        ConversationEvent event = envelope.data();
        if (event instanceof MessageSent m) {
            return newMessage(envelope, m);
        }
        if (event instanceof MessageEdited e) {
            return followUp(
                    envelope, e.id(), e.seq(), PushNotification.Kind.MESSAGE_EDITED, preview(e.body(), List.of()));
        }
        if (event instanceof MessageDeleted d) {
            return followUp(envelope, d.id(), d.seq(), PushNotification.Kind.MESSAGE_DELETED, null);
        }
        if (event instanceof MessagesRead r) {
            return read(envelope, r);
        }
        return Mono.just(Handled.NOTHING);
    }

    private Mono<Handled> newMessage(EventEnvelope<? extends ConversationEvent> envelope, MessageSent m) {
        if (m.kind() != MessageKind.USER || m.deletedAt() != null) {
            return Mono.just(Handled.NOTHING); // system notes inform open screens; they wake no phone
        }
        String hotel = envelope.tenant();
        long conversationId = m.conversationId();
        Instant now = clock.instant();
        return Mono.zip(recipients(hotel, conversationId, false), titles.of(hotel, conversationId))
                .flatMap(both -> {
                    // the sender, and whoever has read it already (on another screen within the batch, or added after
                    // it)
                    List<Recipient> candidates = both.getT1().participants().stream()
                            .filter(p -> p.staffId() != m.senderId() && p.lastReadSeq() < m.seq())
                            .toList();
                    if (candidates.isEmpty()) {
                        return Mono.just(Handled.NOTHING);
                    }
                    ConversationTitles.Title title = both.getT2();
                    Map<Reason, Integer> decisions = new EnumMap<>(Reason.class);
                    Map<Long, Recipient> byId = new LinkedHashMap<>();
                    candidates.forEach(p -> byId.put(p.staffId(), p));
                    return preferences
                            .of(hotel, byId.keySet())
                            .flatMap(prefs -> {
                                List<Long> allowed = new ArrayList<>();
                                for (Recipient p : candidates) {
                                    PushKind kind = kind(title.kind(), m.mentions(), p.staffId());
                                    PushVerdict verdict = prefs.get(p.staffId()).allows(kind, p.mutedAt(now), now);
                                    switch (verdict) {
                                        case SEND -> allowed.add(p.staffId());
                                        case PREFERENCE -> count(decisions, Reason.PREFERENCE);
                                        case MUTED -> count(decisions, Reason.MUTED);
                                        case QUIET_HOURS -> count(decisions, Reason.QUIET_HOURS);
                                    }
                                }
                                return viewers.lookingAmong(hotel, conversationId, allowed)
                                        .map(looking -> {
                                            List<Long> away = new ArrayList<>();
                                            for (Long id : allowed) {
                                                if (looking.contains(id)) {
                                                    count(decisions, Reason.ONLINE);
                                                } else {
                                                    away.add(id);
                                                }
                                            }
                                            return away;
                                        });
                            })
                            .flatMap(away -> tokensOf(hotel, away))
                            .flatMap(tokens -> {
                                List<PushNotification> pushes = new ArrayList<>();
                                String shown = title(title);
                                String preview = preview(m.body(), m.attachments());
                                for (Recipient p : candidates) {
                                    List<String> mine = tokens.get(p.staffId());
                                    if (mine == null) {
                                        continue; // decided before the device check
                                    }
                                    if (mine.isEmpty()) {
                                        count(decisions, Reason.NO_DEVICE);
                                        continue;
                                    }
                                    count(decisions, Reason.SENT);
                                    pushes.add(new PushNotification(
                                            envelope.id(),
                                            hotel,
                                            conversationId,
                                            m.id(),
                                            m.seq(),
                                            shown,
                                            preview,
                                            badge(p),
                                            PushNotification.Kind.NEW_MESSAGE,
                                            mine));
                                }
                                return send(pushes).map(outcomes -> new Handled(decisions, outcomes));
                            });
                });
    }

    /**
     * An edit or a delete of a message: a data message to each current participant's tokens that got
     * the message's push (none pushed, nothing to do), with their badge.
     */
    private Mono<Handled> followUp(
            EventEnvelope<? extends ConversationEvent> envelope,
            long messageId,
            long seq,
            PushNotification.Kind kind,
            @Nullable String preview) {
        String hotel = envelope.tenant();
        long conversationId = envelope.data().conversationId();
        return deliveries().tokensPushed(hotel, messageId).flatMap(pushed -> {
            if (pushed.isEmpty()) {
                return Mono.just(Handled.NOTHING);
            }
            return Mono.zip(recipients(hotel, conversationId, true), titles.of(hotel, conversationId))
                    .flatMap(both -> {
                        Map<Long, Recipient> byId = new LinkedHashMap<>();
                        both.getT1().participants().forEach(p -> byId.put(p.staffId(), p));
                        String title = kind == PushNotification.Kind.MESSAGE_EDITED ? title(both.getT2()) : null;
                        return tokensOf(hotel, byId.keySet()).flatMap(tokens -> {
                            List<PushNotification> pushes = new ArrayList<>();
                            tokens.forEach((staffId, mine) -> {
                                List<String> got =
                                        mine.stream().filter(pushed::contains).toList();
                                if (!got.isEmpty()) {
                                    pushes.add(new PushNotification(
                                            envelope.id(),
                                            hotel,
                                            conversationId,
                                            messageId,
                                            seq,
                                            title,
                                            preview,
                                            badge(byId.get(staffId)),
                                            kind,
                                            got));
                                }
                            });
                            return send(pushes).map(outcomes -> new Handled(Map.of(), outcomes));
                        });
                    });
        });
    }

    /**
     * A read: the reader's devices get a READ data message with their new total unread (as of the
     * read), but only while a message of this conversation up to the read position was pushed to one
     * of them and not cleared since. A read of a conversation nothing was pushed from wakes no phone.
     */
    private Mono<Handled> read(EventEnvelope<? extends ConversationEvent> envelope, MessagesRead r) {
        String hotel = envelope.tenant();
        return tokensOf(hotel, List.of(r.staffId())).flatMap(tokens -> {
            List<String> mine = tokens.getOrDefault(r.staffId(), List.of());
            return deliveries()
                    .unclearedAmong(hotel, r.conversationId(), r.lastReadSeq(), mine)
                    .flatMap(uncleared -> {
                        if (uncleared.isEmpty()) {
                            return Mono.just(Handled.NOTHING);
                        }
                        var push = new PushNotification(
                                envelope.id(),
                                hotel,
                                r.conversationId(),
                                null,
                                r.lastReadSeq(),
                                null,
                                null,
                                (int) Math.min(Integer.MAX_VALUE, Math.max(0, r.totalUnreadCount())),
                                PushNotification.Kind.READ,
                                mine);
                        return send(List.of(push)).map(outcomes -> new Handled(Map.of(), outcomes));
                    });
        });
    }

    private Mono<Recipients> recipients(String hotel, long conversationId, boolean everyone) {
        return projection
                .recipientsOf(
                        List.of(new Projection.Conversation(hotel, conversationId)),
                        Integer.MAX_VALUE,
                        everyone ? Projection.Who.EVERYONE : Projection.Who.UNREAD)
                .map(all -> all.get(0));
    }

    /**
     * The device tokens of each of {@code staffIds} (one query), newest first; a deactivated person's
     * list is empty: their devices are never pushed. Every one asked for has an entry.
     */
    private Mono<Map<Long, List<String>>> tokensOf(String hotel, Collection<Long> staffIds) {
        Map<Long, List<String>> tokens = new LinkedHashMap<>();
        staffIds.forEach(id -> tokens.put(id, new ArrayList<>()));
        if (staffIds.isEmpty()) {
            return Mono.just(tokens);
        }
        return Flux.fromIterable(List.copyOf(staffIds))
                .concatMap(id -> deactivated
                        .contains(hotel, id)
                        .onErrorMap(e -> new DependencyUnavailableException(
                                "who is deactivated is not known (Redis mirror not current): " + e.getMessage(), e))
                        .filter(Boolean::booleanValue)
                        .map(yes -> id))
                .collect(HashSet<Long>::new, Set::add)
                .flatMap(gone -> devices.tokensOf(hotel, staffIds)
                        .filter(d -> !gone.contains(d.staffId()))
                        .doOnNext(d -> tokens.computeIfAbsent(d.staffId(), id -> new ArrayList<>())
                                .add(d.token()))
                        .then(Mono.fromSupplier(() -> tokens)));
    }

    private Mono<List<FcmSender.Outcome>> send(List<PushNotification> pushes) {
        if (pushes.isEmpty()) {
            return Mono.just(List.of());
        }
        FcmSender fcm = sender.getObject();
        // every push runs to its end before a failure is reported: what FCM accepted is recorded, never cut short
        return Flux.fromIterable(pushes)
                .flatMapDelayError(fcm::send, concurrency, 32)
                .collectList();
    }

    private PushDeliveries deliveries() {
        return deliveries.getObject();
    }

    static PushKind kind(@Nullable ConversationKind conversation, List<Long> mentions, long staffId) {
        if (conversation == ConversationKind.DIRECT) {
            return PushKind.DIRECT_MESSAGE;
        }
        return mentions.contains(staffId) ? PushKind.MENTION : PushKind.MESSAGE;
    }

    static String title(ConversationTitles.Title title) {
        if (title.title() != null && !title.title().isBlank()) {
            return title.title();
        }
        return title.kind() == ConversationKind.DIRECT ? DIRECT_TITLE : UNTITLED;
    }

    /** The body as it is (FcmPayloads cuts it); a file alone shows as "📎 photo" or "📎 file"; nothing, null. */
    static @Nullable String preview(@Nullable String body, List<AttachmentSummary> attachments) {
        if (body != null && !body.isBlank()) {
            return body.strip();
        }
        if (attachments.isEmpty()) {
            return null;
        }
        boolean photos = attachments.stream()
                .allMatch(a -> a.contentType() != null && a.contentType().startsWith("image/"));
        return photos ? PHOTO : FILE;
    }

    private static int badge(@Nullable Recipient p) {
        if (p == null) {
            return 0;
        }
        Long total = p.totalUnreadCount();
        long badge = total != null ? total : p.unreadCount();
        return (int) Math.min(Integer.MAX_VALUE, Math.max(0, badge));
    }

    private static void count(Map<Reason, Integer> decisions, Reason reason) {
        decisions.merge(reason, 1, Integer::sum);
    }
}
