package com.staffchat.message.reaction;

import com.ibm.icu.lang.UCharacter;
import com.ibm.icu.lang.UProperty;
import com.ibm.icu.util.VersionInfo;
import java.util.Optional;

/**
 * What counts as a reaction: exactly one RGI emoji (the emoji Unicode recommends for general
 * interchange: single emoji, skin-tone modifier sequences, flags, keycaps, tag sequences such as the
 * Scotland flag, ZWJ sequences such as families), as ICU4J's Unicode data says
 * ({@code UProperty.RGI_EMOJI} is a property of whole strings, so "one emoji and nothing else" is one
 * question). Newer emoji become valid by upgrading ICU4J, never by editing a table here.
 *
 * <p>Each emoji has one stored form, the fully-qualified one, so that ❤ (U+2764 alone, as some
 * keyboards send it) and ❤️ (U+2764 U+FE0F, the seed's quick reaction) are one reaction, not two:
 * variation selectors are taken out and U+FE0F is put back after every emoji character whose
 * default presentation is text (unless a skin-tone modifier follows), which is how Unicode
 * (UTS #51) defines fully-qualified. A text-presentation request (U+FE0E) becomes the emoji too.
 */
public final class Emoji {

    /** More UTF-16 units than any RGI emoji has (the longest are about 35): refused before any lookup. */
    static final int MAX_LENGTH = 64;

    private static final int VS15 = 0xFE0E;
    private static final int VS16 = 0xFE0F;

    private Emoji() {}

    /** The Unicode version of the emoji data in use (the ICU4J on the class path). */
    public static VersionInfo unicodeVersion() {
        return UCharacter.getUnicodeVersion();
    }

    /** The stored form of {@code text} if it is exactly one emoji; empty otherwise. */
    public static Optional<String> canonical(String text) {
        if (text == null || text.isEmpty() || text.length() > MAX_LENGTH || !wellFormed(text)) {
            return Optional.empty();
        }
        String qualified = fullyQualified(text);
        return UCharacter.hasBinaryProperty(qualified, UProperty.RGI_EMOJI) ? Optional.of(qualified) : Optional.empty();
    }

    /** Without variation selectors, then U+FE0F after each text-default emoji character not followed by a modifier. */
    static String fullyQualified(String text) {
        int[] cps = text.codePoints().filter(c -> c != VS15 && c != VS16).toArray();
        StringBuilder out = new StringBuilder(text.length() + 4);
        for (int i = 0; i < cps.length; i++) {
            int c = cps[i];
            out.appendCodePoint(c);
            boolean modifierNext =
                    i + 1 < cps.length && UCharacter.hasBinaryProperty(cps[i + 1], UProperty.EMOJI_MODIFIER);
            if (UCharacter.hasBinaryProperty(c, UProperty.EMOJI)
                    && !UCharacter.hasBinaryProperty(c, UProperty.EMOJI_PRESENTATION)
                    && !modifierNext) {
                out.appendCodePoint(VS16);
            }
        }
        return out.toString();
    }

    /** No lone surrogates (invalid UTF-16 is never an emoji, and PostgreSQL would refuse it). */
    private static boolean wellFormed(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return false;
            }
        }
        return true;
    }
}
