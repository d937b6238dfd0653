package com.staffchat.message.mute;

/**
 * Mute the conversation until {@code until} (an ISO-8601 instant such as {@code 2026-12-01T08:00:00Z}, within 366
 * days), or for good when it is absent or null. Text, parsed strictly here: Jackson would take {@code ""} for null
 * (for good) and a number for epoch seconds.
 */
record Mute(String until) {}
