package com.staffchat.notification.preference;

import java.time.LocalTime;
import java.util.Objects;

/**
 * A daily span of local wall-clock time without pushes, from {@code start} (included) to {@code end} (excluded). It
 * wraps midnight when {@code end} is before {@code start} (22:00 to 07:00). Both are minutes of the day; equal start
 * and end are refused (an empty span, or a whole day: ambiguous, and NONE says "never" plainly).
 */
public record QuietHours(LocalTime start, LocalTime end) {

    public QuietHours {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        if (start.equals(end)) {
            throw new IllegalArgumentException("quiet hours must not start and end at the same time");
        }
    }

    /** Whether the local time {@code t} is quiet. */
    public boolean contains(LocalTime t) {
        if (start.isBefore(end)) {
            return !t.isBefore(start) && t.isBefore(end);
        }
        return !t.isBefore(start) || t.isBefore(end);
    }
}
