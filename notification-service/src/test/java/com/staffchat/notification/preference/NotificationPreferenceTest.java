package com.staffchat.notification.preference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

/** The rule the push decision applies with a person's preferences: level, mute, quiet hours in their zone. */
class NotificationPreferenceTest {

    static final ZoneId VIENNA = ZoneId.of("Europe/Vienna");
    static final Instant WINTER_NOON = Instant.parse("2026-01-15T11:00:00Z"); // 12:00 in Vienna

    static NotificationPreference prefs(PushLevel push) {
        return new NotificationPreference(push, null, VIENNA);
    }

    static NotificationPreference nights() {
        return new NotificationPreference(
                PushLevel.ALL, new QuietHours(LocalTime.of(22, 0), LocalTime.of(7, 0)), VIENNA);
    }

    @Test
    void theDefaultsSendEverything() {
        for (PushKind kind : PushKind.values()) {
            assertThat(NotificationPreference.DEFAULT.allows(kind, false, WINTER_NOON))
                    .isEqualTo(PushVerdict.SEND);
        }
        assertThat(NotificationPreference.DEFAULT.timeZone().getId()).isEqualTo("UTC");
    }

    @Test
    void noneStopsEverythingMentionsAndDirectMessagesIncluded() {
        for (PushKind kind : PushKind.values()) {
            assertThat(prefs(PushLevel.NONE).allows(kind, false, WINTER_NOON)).isEqualTo(PushVerdict.PREFERENCE);
            assertThat(prefs(PushLevel.NONE).allows(kind, true, WINTER_NOON)).isEqualTo(PushVerdict.PREFERENCE);
        }
    }

    @Test
    void mentionsAndDirectKeepsOnlyMentionsAndDirectMessages() {
        var p = prefs(PushLevel.MENTIONS_AND_DIRECT);
        assertThat(p.allows(PushKind.MESSAGE, false, WINTER_NOON)).isEqualTo(PushVerdict.PREFERENCE);
        assertThat(p.allows(PushKind.MENTION, false, WINTER_NOON)).isEqualTo(PushVerdict.SEND);
        assertThat(p.allows(PushKind.DIRECT_MESSAGE, false, WINTER_NOON)).isEqualTo(PushVerdict.SEND);
        // the level already excludes it, whatever the mute says
        assertThat(p.allows(PushKind.MESSAGE, true, WINTER_NOON)).isEqualTo(PushVerdict.PREFERENCE);
    }

    @Test
    void mentionsAndDirectMessagesBreakThroughAMute() {
        var p = prefs(PushLevel.ALL);
        assertThat(p.allows(PushKind.MESSAGE, true, WINTER_NOON)).isEqualTo(PushVerdict.MUTED);
        assertThat(p.allows(PushKind.MENTION, true, WINTER_NOON)).isEqualTo(PushVerdict.SEND);
        assertThat(p.allows(PushKind.DIRECT_MESSAGE, true, WINTER_NOON)).isEqualTo(PushVerdict.SEND);
        assertThat(prefs(PushLevel.MENTIONS_AND_DIRECT).allows(PushKind.MENTION, true, WINTER_NOON))
                .isEqualTo(PushVerdict.SEND);
    }

    @Test
    void quietHoursWrapMidnightStartIncludedEndExcluded() {
        var p = nights();
        // January: Vienna is UTC+1
        assertThat(p.allows(PushKind.MESSAGE, false, Instant.parse("2026-01-15T20:59:00Z")))
                .isEqualTo(PushVerdict.SEND); // 21:59
        assertThat(p.allows(PushKind.MESSAGE, false, Instant.parse("2026-01-15T21:00:00Z")))
                .isEqualTo(PushVerdict.QUIET_HOURS); // 22:00
        assertThat(p.allows(PushKind.MESSAGE, false, Instant.parse("2026-01-15T23:30:00Z")))
                .isEqualTo(PushVerdict.QUIET_HOURS); // 00:30 the next day
        assertThat(p.allows(PushKind.MESSAGE, false, Instant.parse("2026-01-16T05:59:00Z")))
                .isEqualTo(PushVerdict.QUIET_HOURS); // 06:59
        assertThat(p.allows(PushKind.MESSAGE, false, Instant.parse("2026-01-16T06:00:00Z")))
                .isEqualTo(PushVerdict.SEND); // 07:00
    }

    @Test
    void quietHoursHoldBackMentionsAndDirectMessagesToo() {
        Instant night = Instant.parse("2026-01-15T23:00:00Z");
        assertThat(nights().allows(PushKind.MENTION, false, night)).isEqualTo(PushVerdict.QUIET_HOURS);
        assertThat(nights().allows(PushKind.DIRECT_MESSAGE, true, night)).isEqualTo(PushVerdict.QUIET_HOURS);
    }

    @Test
    void quietHoursWithinOneDay() {
        var lunch = new NotificationPreference(
                PushLevel.ALL, new QuietHours(LocalTime.of(12, 0), LocalTime.of(13, 30)), VIENNA);
        assertThat(lunch.allows(PushKind.MESSAGE, false, Instant.parse("2026-01-15T10:59:00Z")))
                .isEqualTo(PushVerdict.SEND);
        assertThat(lunch.allows(PushKind.MESSAGE, false, Instant.parse("2026-01-15T11:00:00Z")))
                .isEqualTo(PushVerdict.QUIET_HOURS);
        assertThat(lunch.allows(PushKind.MESSAGE, false, Instant.parse("2026-01-15T12:29:00Z")))
                .isEqualTo(PushVerdict.QUIET_HOURS);
        assertThat(lunch.allows(PushKind.MESSAGE, false, Instant.parse("2026-01-15T12:30:00Z")))
                .isEqualTo(PushVerdict.SEND);
        assertThat(lunch.allows(PushKind.MESSAGE, false, Instant.parse("2026-01-15T23:00:00Z")))
                .isEqualTo(PushVerdict.SEND);
    }

    @Test
    void quietHoursEndAtSevenLocalOnTheMorningClocksGoForward() {
        // 29 March 2026: Vienna goes from UTC+1 to UTC+2 at 01:00Z; 07:00 local is 05:00Z that morning
        var p = nights();
        assertThat(p.allows(PushKind.MESSAGE, false, Instant.parse("2026-03-29T04:59:00Z")))
                .isEqualTo(PushVerdict.QUIET_HOURS); // 06:59 CEST
        assertThat(p.allows(PushKind.MESSAGE, false, Instant.parse("2026-03-29T05:30:00Z")))
                .isEqualTo(PushVerdict.SEND); // 07:30 CEST (a fixed +01:00 would say 06:30, still quiet)
    }

    @Test
    void quietHoursEndAtSevenLocalOnTheMorningClocksGoBack() {
        // 25 October 2026: Vienna goes from UTC+2 to UTC+1 at 01:00Z; 07:00 local is 06:00Z that morning
        var p = nights();
        assertThat(p.allows(PushKind.MESSAGE, false, Instant.parse("2026-10-25T05:30:00Z")))
                .isEqualTo(PushVerdict.QUIET_HOURS); // 06:30 CET (a fixed +02:00 would say 07:30)
        assertThat(p.allows(PushKind.MESSAGE, false, Instant.parse("2026-10-25T06:00:00Z")))
                .isEqualTo(PushVerdict.SEND); // 07:00 CET
        // the repeated hour 02:00-03:00 is quiet both times it is lived
        assertThat(p.allows(PushKind.MESSAGE, false, Instant.parse("2026-10-25T00:30:00Z")))
                .isEqualTo(PushVerdict.QUIET_HOURS); // 02:30 CEST
        assertThat(p.allows(PushKind.MESSAGE, false, Instant.parse("2026-10-25T01:30:00Z")))
                .isEqualTo(PushVerdict.QUIET_HOURS); // 02:30 CET
    }

    @Test
    void quietHoursInsideTheSkippedSpringHourAreNeverReachedThatNight() {
        var p = new NotificationPreference(
                PushLevel.ALL, new QuietHours(LocalTime.of(2, 15), LocalTime.of(2, 45)), VIENNA);
        assertThat(p.allows(PushKind.MESSAGE, false, Instant.parse("2026-03-29T00:59:00Z")))
                .isEqualTo(PushVerdict.SEND); // 01:59 CET
        assertThat(p.allows(PushKind.MESSAGE, false, Instant.parse("2026-03-29T01:20:00Z")))
                .isEqualTo(PushVerdict.SEND); // 03:20 CEST
        assertThat(p.allows(PushKind.MESSAGE, false, Instant.parse("2026-03-30T00:30:00Z")))
                .isEqualTo(PushVerdict.QUIET_HOURS); // 02:30 CEST the next night
    }

    @Test
    void quietHoursAreReadInThePersonsZone() {
        Instant at = Instant.parse("2026-01-15T14:00:00Z"); // 23:00 in Tokyo, 15:00 in Vienna
        var tokyo = new NotificationPreference(
                PushLevel.ALL, new QuietHours(LocalTime.of(22, 0), LocalTime.of(7, 0)), ZoneId.of("Asia/Tokyo"));
        assertThat(tokyo.allows(PushKind.MESSAGE, false, at)).isEqualTo(PushVerdict.QUIET_HOURS);
        assertThat(nights().allows(PushKind.MESSAGE, false, at)).isEqualTo(PushVerdict.SEND);
    }

    @Test
    void quietHoursMustNotStartAndEndAtTheSameTime() {
        assertThatThrownBy(() -> new QuietHours(LocalTime.of(7, 0), LocalTime.of(7, 0)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
