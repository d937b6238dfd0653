package com.staffchat.notification.preference;

import com.staffchat.notification.preference.PreferenceDocument.QuietHoursText;
import com.staffchat.support.problem.DomainException;
import com.staffchat.support.security.StaffPrincipal;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.regex.Pattern;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

/** Reading and replacing the caller's notification preferences; the defaults stand until they save any. */
@Service
class NotificationPreferences {

    private static final Pattern HH_MM = Pattern.compile("\\d{2}:\\d{2}");
    /** Strict: the default (smart) resolver would read 24:00 as midnight. */
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("HH:mm").withResolverStyle(ResolverStyle.STRICT);

    private final PreferenceRepository repository;

    NotificationPreferences(PreferenceRepository repository) {
        this.repository = repository;
    }

    Mono<PreferenceDocument> get(StaffPrincipal caller) {
        return repository
                .find(caller.hotel(), caller.staffId())
                .map(s -> document(s.preference(), s.updatedAt()))
                .defaultIfEmpty(document(NotificationPreference.DEFAULT, null));
    }

    Mono<PreferenceDocument> replace(StaffPrincipal caller, PreferenceDocument request) {
        NotificationPreference preference = parse(request);
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        return repository
                .save(caller.hotel(), caller.staffId(), preference, now)
                .thenReturn(document(preference, now));
    }

    static NotificationPreference parse(PreferenceDocument request) {
        if (request == null) {
            throw DomainException.invalid(
                    "the body must be a JSON object such as {\"push\":\"ALL\",\"quietHours\":null,\"timeZone\":\"UTC\"}");
        }
        PushLevel push;
        if (request.push() == null) {
            throw DomainException.invalid("push: required, one of " + Arrays.toString(PushLevel.values()));
        }
        try {
            push = PushLevel.valueOf(request.push());
        } catch (IllegalArgumentException e) {
            throw DomainException.invalid("push: must be one of " + Arrays.toString(PushLevel.values()));
        }
        return new NotificationPreference(push, quietHours(request.quietHours()), zone(request.timeZone()));
    }

    private static QuietHours quietHours(QuietHoursText text) {
        if (text == null) {
            return null;
        }
        LocalTime start = time("quietHours.start", text.start());
        LocalTime end = time("quietHours.end", text.end());
        if (start.equals(end)) {
            throw DomainException.invalid("quietHours: start and end must differ (send null for no quiet hours,"
                    + " or push NONE for no pushes at all)");
        }
        return new QuietHours(start, end);
    }

    private static LocalTime time(String field, String value) {
        if (value == null) {
            throw DomainException.invalid(field + ": required, a local time such as 22:00");
        }
        try {
            if (HH_MM.matcher(value).matches()) {
                return LocalTime.parse(value, TIME);
            }
        } catch (DateTimeParseException e) {
            // falls through to the refusal below
        }
        throw DomainException.invalid(field + ": must be a local time HH:mm from 00:00 to 23:59, such as 22:00");
    }

    /** Region ids only ({@code Europe/Vienna}, {@code UTC}): an offset such as +01:00 knows no daylight saving. */
    private static ZoneId zone(String id) {
        if (id == null) {
            throw DomainException.invalid("timeZone: required, an IANA time zone such as Europe/Vienna");
        }
        if (ZoneId.getAvailableZoneIds().contains(id)) {
            try {
                return ZoneId.of(id);
            } catch (DateTimeException e) {
                // falls through to the refusal below
            }
        }
        throw DomainException.invalid("timeZone: must be an IANA time zone such as Europe/Vienna");
    }

    private static PreferenceDocument document(NotificationPreference p, Instant updatedAt) {
        QuietHours q = p.quietHours();
        return new PreferenceDocument(
                p.push().name(),
                q == null
                        ? null
                        : new QuietHoursText(q.start().format(TIME), q.end().format(TIME)),
                p.timeZone().getId(),
                updatedAt);
    }
}
