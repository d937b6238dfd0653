package com.staffchat.notification.preference;

import java.time.Instant;

/**
 * The notification preferences document, as {@code GET} answers it and {@code PUT} takes it (whole). Text, parsed
 * here, so each bad value is a 400 naming its field.
 *
 * @param push ALL, MENTIONS_AND_DIRECT or NONE (required)
 * @param quietHours a daily span without pushes ({@code {"start":"22:00","end":"07:00"}}), or null for none
 * @param timeZone an IANA time zone id such as {@code Europe/Vienna} (required), in which quiet hours are read
 * @param updatedAt when the caller last saved them; null while they have the defaults (ignored in a PUT)
 */
record PreferenceDocument(String push, QuietHoursText quietHours, String timeZone, Instant updatedAt) {

    /** Quiet hours as local times {@code HH:mm}; they may wrap midnight. */
    record QuietHoursText(String start, String end) {}
}
