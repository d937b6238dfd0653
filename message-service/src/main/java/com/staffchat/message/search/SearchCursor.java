package com.staffchat.message.search;

import com.staffchat.support.problem.DomainException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;

/**
 * Where a page of results ended: the last hit's rank and message id (newest first: by id descending;
 * best first: by rank, then id, both descending), and a fingerprint of the search it belongs to, so a cursor of another search (other
 * words or filters) is refused instead of skipping results silently. Opaque to clients: base64url of
 * version, rank bits, id and fingerprint.
 */
record SearchCursor(float rank, long id, long fingerprint) {

    private static final byte VERSION = 1;
    private static final int LENGTH = 1 + 4 + 8 + 8;

    String encode() {
        ByteBuffer bytes = ByteBuffer.allocate(LENGTH);
        bytes.put(VERSION).putInt(Float.floatToIntBits(rank)).putLong(id).putLong(fingerprint);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes.array());
    }

    /** The cursor {@code text}, which must belong to the search with {@code fingerprint}; 400 otherwise. */
    static SearchCursor decode(String text, long fingerprint) {
        byte[] raw;
        try {
            raw = Base64.getUrlDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw bad();
        }
        if (raw.length != LENGTH || raw[0] != VERSION) {
            throw bad();
        }
        ByteBuffer bytes = ByteBuffer.wrap(raw, 1, LENGTH - 1);
        float rank = Float.intBitsToFloat(bytes.getInt());
        long id = bytes.getLong();
        long belongsTo = bytes.getLong();
        if (!Float.isFinite(rank) || rank < 0 || id < 1) {
            throw bad();
        }
        if (belongsTo != fingerprint) {
            throw DomainException.invalid("cursor: belongs to another search (other words or filters)");
        }
        return new SearchCursor(rank, id, belongsTo);
    }

    /** A fingerprint of the search's parameters (the words as typed and every filter). */
    static long fingerprint(String... parts) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (String part : parts) {
                byte[] b = (part == null ? "\u0000" : part).getBytes(StandardCharsets.UTF_8);
                sha.update(ByteBuffer.allocate(4).putInt(b.length).array());
                sha.update(b);
            }
            return ByteBuffer.wrap(Arrays.copyOf(sha.digest(), 8)).getLong();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static DomainException bad() {
        return DomainException.invalid("cursor: not a cursor this search returned");
    }
}
