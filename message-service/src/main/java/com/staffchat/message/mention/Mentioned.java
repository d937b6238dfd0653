package com.staffchat.message.mention;

import java.util.List;

/** One person a message mentions, and by which form ({@code @handle}, {@code @department}, {@code @all}). */
public record Mentioned(long staffId, Kind kind) {

    /** How a person was mentioned; the most direct form wins when a message names them several ways. */
    public enum Kind {
        HANDLE,
        DEPARTMENT,
        ALL
    }

    /** The staff ids, in the order given (the message shape's {@code mentions}). */
    public static List<Long> ids(List<Mentioned> mentioned) {
        return mentioned.stream().map(Mentioned::staffId).toList();
    }

    /** The staff ids as a SQL array parameter. */
    public static Long[] idArray(List<Mentioned> mentioned) {
        return mentioned.stream().map(Mentioned::staffId).toArray(Long[]::new);
    }

    /** The kinds as a SQL array parameter, index for index with {@link #idArray}. */
    public static String[] kindArray(List<Mentioned> mentioned) {
        return mentioned.stream().map(m -> m.kind().name()).toArray(String[]::new);
    }
}
