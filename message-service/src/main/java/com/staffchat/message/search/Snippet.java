package com.staffchat.message.search;

import java.util.ArrayList;
import java.util.List;

/**
 * A highlighted excerpt of a message: plain {@code text} and the ranges in it that matched. The ranges
 * count UTF-16 code units ({@code start} inclusive, {@code end} exclusive), what JavaScript's and Java's
 * strings index by. Nothing in the text is markup: a client escapes it as any other message text and
 * highlights the ranges itself, so a message cannot inject HTML into a result list.
 */
public record Snippet(String text, List<Range> highlights) {

    /** One matched word: {@code text.substring(start, end)}. */
    public record Range(int start, int end) {}

    /** Start and end of a match in PostgreSQL's {@code ts_headline} output (SearchRepository sets them). */
    static final char START = '\u0001';

    static final char STOP = '\u0002';

    /**
     * The snippet of {@code headline}, ts_headline's output with {@link #START} and {@link #STOP} around
     * the matches. The body it was made from cannot hold these control characters (the API refuses them,
     * and the query blanks any that older rows might hold), so every marker is one of ours.
     */
    static Snippet of(String headline) {
        StringBuilder text = new StringBuilder(headline.length());
        List<Range> ranges = new ArrayList<>();
        int open = -1;
        for (int i = 0; i < headline.length(); i++) {
            char c = headline.charAt(i);
            if (c == START) {
                open = text.length();
            } else if (c == STOP) {
                if (open >= 0 && text.length() > open) {
                    ranges.add(new Range(open, text.length()));
                }
                open = -1;
            } else {
                text.append(c);
            }
        }
        return new Snippet(text.toString(), List.copyOf(ranges));
    }
}
