package com.staffchat.events;

import java.util.List;

/** One emoji on a message: how many reacted with it and who. */
public record ReactionSummary(String emoji, int count, List<Long> staffIds) {}
