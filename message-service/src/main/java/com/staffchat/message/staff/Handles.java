package com.staffchat.message.staff;

import java.text.Normalizer;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The mention handle rule, in one place: what a handle may look like, how a handle or a department
 * becomes the key a mention ({@code @key}) is compared with, and how a handle is derived from a
 * display name when a manager gives none.
 *
 * <p>A handle is 2 to 32 characters: letters and digits of any script (with their combining marks),
 * and {@code . _ -} inside, never first or last. Case does not count: it is stored and compared in
 * lower case (NFKC, then lower case). It is unique in the hotel, and may not be a reserved word
 * ({@link #RESERVED}) nor a department's key.
 */
public final class Handles {

    public static final int MIN_LENGTH = 2;
    public static final int MAX_LENGTH = 32;

    /** Words a handle may not be: {@code @all} is the whole group, the others are kept for later. */
    public static final Set<String> RESERVED = Set.of("all", "here", "everyone", "channel");

    /** The key {@code @all} resolves by. */
    public static final String ALL = "all";

    private static final Pattern HANDLE =
            Pattern.compile("[\\p{L}\\p{N}](?:[\\p{L}\\p{M}\\p{N}._-]*[\\p{L}\\p{M}\\p{N}])?");

    /** Runs of what a handle or a department key cannot hold. */
    private static final Pattern NOT_IN_KEY = Pattern.compile("[^\\p{L}\\p{M}\\p{N}]+");

    private static final Pattern EDGE_PUNCTUATION = Pattern.compile("^[._-]+|[._-]+$");

    private Handles() {}

    /** The form a handle (or a typed {@code @key}) is stored and compared in: NFKC, lower case. */
    public static String normalize(String text) {
        return Normalizer.normalize(text, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
    }

    /** Why {@code normalized} cannot be a handle, or null when it can (department keys are checked apart). */
    public static String problem(String normalized) {
        int length = normalized.codePointCount(0, normalized.length());
        if (length < MIN_LENGTH || length > MAX_LENGTH) {
            return "must be " + MIN_LENGTH + " to " + MAX_LENGTH + " characters";
        }
        if (!HANDLE.matcher(normalized).matches()) {
            return "letters, digits and . _ - only, starting and ending with a letter or digit";
        }
        if (RESERVED.contains(normalized)) {
            return "'" + normalized + "' is reserved";
        }
        return null;
    }

    /**
     * The key {@code @key} a department is mentioned by: lower case, every run of characters other
     * than letters and digits one {@code -}, none at either end ({@code Food & Beverage} is
     * {@code food-beverage}). Null when nothing is left (or no department).
     */
    public static String departmentKey(String department) {
        if (department == null) {
            return null;
        }
        String key = EDGE_PUNCTUATION
                .matcher(NOT_IN_KEY.matcher(normalize(department)).replaceAll("-"))
                .replaceAll("");
        return key.isEmpty() ? null : key;
    }

    /**
     * A handle made from a display name: lower case, every run of characters other than letters and
     * digits one {@code .} ({@code M. Gustave} is {@code m.gustave}), cut to {@value #MAX_LENGTH};
     * {@code staff<id>} when nothing usable is left. The caller makes it unique ({@link #numbered}).
     */
    public static String derive(String displayName, long staffId) {
        String base = NOT_IN_KEY.matcher(normalize(displayName)).replaceAll(".");
        base = EDGE_PUNCTUATION.matcher(base).replaceAll("");
        base = cut(base, MAX_LENGTH);
        return problem(base) == null ? base : "staff" + staffId;
    }

    /** {@code base} with the number {@code n} appended, cut so the result keeps to {@value #MAX_LENGTH}. */
    public static String numbered(String base, int n) {
        String suffix = Integer.toString(n);
        return cut(base, MAX_LENGTH - suffix.length()) + suffix;
    }

    /** At most {@code max} code points, without punctuation left at the end. */
    private static String cut(String text, int max) {
        if (text.codePointCount(0, text.length()) > max) {
            text = text.substring(0, text.offsetByCodePoints(0, max));
        }
        return EDGE_PUNCTUATION.matcher(text).replaceAll("");
    }
}
