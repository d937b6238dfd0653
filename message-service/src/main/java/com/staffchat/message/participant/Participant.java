package com.staffchat.message.participant;

/** One participant of a conversation and how far they have read. */
public record Participant(long staffId, String role, long lastReadSeq) {}
