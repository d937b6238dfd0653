package com.staffchat.events;

/**
 * The message a message replies to, as shown above it: its id, who wrote it and the start of its
 * text ({@value #MAX_PREVIEW_CODE_POINTS} code points at most; a placeholder when it was deleted).
 */
public record ReplyPreview(long id, long senderId, String preview) {

    /** The longest preview, in Unicode code points. */
    public static final int MAX_PREVIEW_CODE_POINTS = 100;

    /** The preview of {@code body}: its first {@value #MAX_PREVIEW_CODE_POINTS} code points. */
    public static String previewOf(String body) {
        if (body.codePointCount(0, body.length()) <= MAX_PREVIEW_CODE_POINTS) {
            return body;
        }
        return body.substring(0, body.offsetByCodePoints(0, MAX_PREVIEW_CODE_POINTS));
    }
}
