package com.staffchat.message.search;

/**
 * Prefix matching for a parsed query. PostgreSQL's {@code websearch_to_tsquery} understands what people
 * type ({@code "quoted phrases"}, {@code or}, {@code -excluded}) but matches whole words only; the
 * configuration does not stem (V10), so {@code towel} would miss {@code towels}. This turns every
 * lexeme of two characters or more in the query's text form into a prefix ({@code 'towel':*}); a
 * single character stays a whole word (as a prefix it would match a large share of all words).
 */
final class SearchQuery {

    /** Lexemes shorter than this (in code points) are matched whole. */
    static final int MIN_PREFIX = 2;

    private SearchQuery() {}

    /**
     * {@code tsquery} (the text form of a {@code tsquery}, as PostgreSQL prints it: lexemes in single
     * quotes, a quote inside doubled, a backslash escaping the next character) with {@code :*} after
     * every lexeme of at least {@link #MIN_PREFIX} characters that has no label of its own.
     */
    static String withPrefixes(String tsquery) {
        StringBuilder out = new StringBuilder(tsquery.length() + 16);
        int i = 0;
        int n = tsquery.length();
        while (i < n) {
            char c = tsquery.charAt(i);
            if (c != '\'') {
                out.append(c);
                i++;
                continue;
            }
            int start = i;
            int codePoints = 0;
            i++;
            while (i < n) {
                char d = tsquery.charAt(i);
                if (d == '\\' && i + 1 < n) {
                    i += 2;
                    codePoints++;
                } else if (d == '\'') {
                    if (i + 1 < n && tsquery.charAt(i + 1) == '\'') {
                        i += 2;
                        codePoints++;
                    } else {
                        break;
                    }
                } else {
                    if (!Character.isLowSurrogate(d)) {
                        codePoints++;
                    }
                    i++;
                }
            }
            if (i >= n) {
                throw new IllegalArgumentException("unterminated lexeme in " + tsquery);
            }
            i++; // the closing quote
            out.append(tsquery, start, i);
            boolean labelled = i < n && tsquery.charAt(i) == ':';
            if (!labelled && codePoints >= MIN_PREFIX) {
                out.append(":*");
            }
        }
        return out.toString();
    }
}
