package com.staffchat.events;

import java.time.Instant;

/** A thumbnail of an image attachment can be fetched. */
public record ThumbnailReady(String attachmentId, long conversationId, int width, int height, Instant at)
        implements AttachmentEvent {}
