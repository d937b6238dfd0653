package com.staffchat.message.mention;

import com.staffchat.message.staff.Handles;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the {@code @key}s a text may mention, as keys to look up (normalised like handles). An
 * {@code @} counts only where a word cannot go on: not after a letter, digit, mark or {@code _ . - + @}
 * ({@code bob@example.com} and {@code x@y} are no mentions). The key is a letter or digit followed
 * by letters, digits, marks and {@code . _ -}, ending on a letter, digit or mark, so trailing
 * punctuation is left out ({@code @anna,} and {@code @anna.} look up {@code anna}). Whether a key
 * is someone is for {@link Mentions} to decide; one that is not stays plain text.
 */
final class MentionParser {

    static final Pattern CANDIDATE = Pattern.compile(
            "(?<![\\p{L}\\p{M}\\p{N}_.+@-])@([\\p{L}\\p{N}](?:[\\p{L}\\p{M}\\p{N}._-]*[\\p{L}\\p{M}\\p{N}])?)");

    private MentionParser() {}

    /** The distinct keys {@code text} mentions, in order of appearance; empty when it has none. */
    static Set<String> keys(String text) {
        Set<String> keys = new LinkedHashSet<>();
        if (text.indexOf('@') < 0 && text.indexOf('\uFF20') < 0 && text.indexOf('\uFE6B') < 0) {
            return keys; // the common case: no @ at all, nothing to normalise
        }
        Matcher m = CANDIDATE.matcher(Handles.normalize(text));
        while (m.find()) {
            keys.add(m.group(1));
        }
        return keys;
    }
}
