package com.staffchat.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * One emoji on a message: how many reacted with it ({@code count}), the first few who did, in the
 * order they reacted ({@code staffIds}), and, in an API answer only, whether the caller is one of
 * them ({@code reactedByMe}). An event goes to every participant at once and cannot say who "me"
 * is: there {@code reactedByMe} is null and left out of the JSON, so events and their schemas have
 * only {@code emoji}, {@code count} and {@code staffIds}.
 */
public record ReactionSummary(
        String emoji,
        int count,
        List<Long> staffIds,
        @JsonInclude(JsonInclude.Include.NON_NULL) Boolean reactedByMe) {

    public ReactionSummary {
        staffIds = staffIds == null ? List.of() : List.copyOf(staffIds);
    }

    /** The summary as an event carries it: without {@code reactedByMe}. */
    public ReactionSummary(String emoji, int count, List<Long> staffIds) {
        this(emoji, count, staffIds, null);
    }

    /** This summary without the caller's view, for an event. */
    public ReactionSummary forEveryone() {
        return reactedByMe == null ? this : new ReactionSummary(emoji, count, staffIds, null);
    }
}
