package com.staffchat.message.conversation;

import com.staffchat.support.problem.DomainException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;

/**
 * The opaque {@code cursor} of {@code GET /api/v1/conversations}: the last listed conversation's
 * place, {@code (activityAt, id)}, as {@code v1.<epoch microseconds>.<id>} in unpadded base64url.
 * Microseconds are what PostgreSQL stores, so the next page starts exactly after that row.
 */
final class ListCursor {

    private static final String VERSION = "v1";
    private static final int MAX_LENGTH = 100;
    /** 9999-12-31T23:59:59.999999Z: no activity time lies beyond it, and PostgreSQL reads every time before. */
    private static final long MAX_MICROS = 253_402_300_799_999_999L;

    private ListCursor() {}

    static String encode(ConversationRepository.Position position) {
        long micros = ChronoUnit.MICROS.between(Instant.EPOCH, position.activityAt());
        String plain = VERSION + "." + micros + "." + position.id();
        return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.US_ASCII));
    }

    /** The position a cursor names; a 400 for anything this API did not issue. */
    static ConversationRepository.Position decode(String cursor) {
        try {
            if (cursor.length() > MAX_LENGTH) {
                throw new IllegalArgumentException("too long");
            }
            String[] parts =
                    new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.US_ASCII).split("\\.", -1);
            if (parts.length != 3 || !VERSION.equals(parts[0])) {
                throw new IllegalArgumentException("not a cursor");
            }
            long micros = Long.parseLong(parts[1]);
            long id = Long.parseLong(parts[2]);
            if (micros < 0 || micros > MAX_MICROS || id <= 0) {
                throw new IllegalArgumentException("out of range");
            }
            return new ConversationRepository.Position(Instant.EPOCH.plus(micros, ChronoUnit.MICROS), id);
        } catch (IllegalArgumentException | ArithmeticException | java.time.DateTimeException e) {
            throw DomainException.invalid(
                    "cursor: not a cursor of this list; pass the nextCursor of the page before, unchanged");
        }
    }
}
