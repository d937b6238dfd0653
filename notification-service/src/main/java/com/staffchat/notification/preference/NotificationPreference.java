package com.staffchat.notification.preference;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Objects;

/**
 * A person's push preferences.
 *
 * @param push what they want pushed
 * @param quietHours when nothing is pushed, in {@code timeZone}; null for never quiet
 * @param timeZone their IANA time zone, in which quiet hours are read
 */
public record NotificationPreference(PushLevel push, QuietHours quietHours, ZoneId timeZone) {

    /** What a person who never chose gets: everything, never quiet, UTC. */
    public static final NotificationPreference DEFAULT =
            new NotificationPreference(PushLevel.ALL, null, ZoneId.of("UTC"));

    public NotificationPreference {
        Objects.requireNonNull(push, "push");
        Objects.requireNonNull(timeZone, "timeZone");
    }

    /**
     * Whether a push of {@code kind} at {@code at} may go to this person, who has (or has not) muted the
     * conversation. Checked in this order: the push level (NONE stops everything; MENTIONS_AND_DIRECT stops plain
     * group messages), then the mute (mentions and direct messages break through it), then quiet hours (which hold
     * back every kind: whoever sets them asked for a quiet night). Quiet hours are read on the wall clock of the
     * person's zone at that instant, so they follow daylight saving time: 07:00 is 07:00 local on either side of
     * the change, and an hour skipped in spring is simply never reached.
     */
    public PushVerdict allows(PushKind kind, boolean mutedConversation, Instant at) {
        if (push == PushLevel.NONE || (push == PushLevel.MENTIONS_AND_DIRECT && !kind.personal())) {
            return PushVerdict.PREFERENCE;
        }
        if (mutedConversation && !kind.personal()) {
            return PushVerdict.MUTED;
        }
        if (quietHours != null && quietHours.contains(at.atZone(timeZone).toLocalTime())) {
            return PushVerdict.QUIET_HOURS;
        }
        return PushVerdict.SEND;
    }
}
