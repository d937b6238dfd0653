package com.staffchat.support.validation;

/**
 * The rule every text a caller sends must pass, in every service: no control characters (C0, DEL,
 * C1; a line feed and a tab only where multi-line text is allowed) and no lone UTF-16 surrogates.
 * PostgreSQL refuses NUL in text and other services choke on the rest, so they are refused at the
 * door with a 400 instead of failing deeper with a 500. Lengths are counted in code points, so an
 * emoji counts as one character whatever its UTF-16 length.
 */
public final class TextRule {

    private TextRule() {}

    /** Why {@code text} breaks the rule, or {@code null} when it is fine. */
    public static String violation(String text, boolean multiline) {
        if (text == null) {
            return null;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                    i++;
                    continue;
                }
                return "must not contain a lone surrogate (invalid UTF-16)";
            }
            if (Character.isLowSurrogate(c)) {
                return "must not contain a lone surrogate (invalid UTF-16)";
            }
            if (c == '\n' || c == '\t') {
                if (!multiline) {
                    return "must be a single line without tabs";
                }
                continue;
            }
            if (Character.isISOControl(c)) {
                return String.format("must not contain control characters (U+%04X)", (int) c);
            }
        }
        return null;
    }

    /** The length of {@code text} in code points (what a person counts as characters, near enough). */
    public static int codePoints(String text) {
        return text.codePointCount(0, text.length());
    }
}
