package com.staffchat.message.sync;

import com.staffchat.support.problem.DomainException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

/**
 * Where a client stands: every change with a stamp below {@code stamp} (a PostgreSQL transaction id, xid8) has been
 * given to it. Opaque to clients: base64url of {@code s1.<stamp>.<issued epoch second>}; the version tag lets the
 * format change without misreading old cursors.
 */
record SyncCursor(long stamp, Instant issuedAt) {

    private static final String VERSION = "s1";

    static DomainException bad() {
        return DomainException.invalid("since: not a sync cursor; pass the cursor of the last page exactly as"
                + " received, or call GET /api/v1/sync without since for a fresh one");
    }

    String encode() {
        String text = VERSION + "." + stamp + "." + issuedAt.getEpochSecond();
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.US_ASCII));
    }

    /** The cursor {@code text} stands for; a 400 problem for anything this server did not write. */
    static SyncCursor decode(String text) {
        if (text == null || text.isEmpty() || text.length() > 64) {
            throw bad();
        }
        String decoded;
        try {
            decoded = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.US_ASCII);
        } catch (IllegalArgumentException e) {
            throw bad();
        }
        String[] parts = decoded.split("\\.", -1);
        if (parts.length != 3 || !VERSION.equals(parts[0])) {
            throw bad();
        }
        try {
            long stamp = Long.parseLong(parts[1]);
            long issued = Long.parseLong(parts[2]);
            if (stamp < 1 || issued < 0 || !parts[1].equals(Long.toString(stamp))) {
                throw bad();
            }
            return new SyncCursor(stamp, Instant.ofEpochSecond(issued));
        } catch (NumberFormatException | java.time.DateTimeException e) {
            throw bad();
        }
    }
}
