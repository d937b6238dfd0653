package com.staffchat.events;

/** A file attached to a message, as a client lists it; the bytes are fetched from attachment-service. */
public record AttachmentSummary(String id, String fileName, String contentType, long sizeBytes) {}
