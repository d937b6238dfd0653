package com.staffchat.attachment.thumbnail;

/**
 * A file that cannot have a thumbnail, for a reason of its own: trying again will not help. The upload
 * API maps {@link Reason#PIXEL_BOMB} to 422 (an image declaring more pixels than allowed is refused before
 * it is decoded); after the upload, any reason only marks the thumbnail {@link ThumbnailStatus#FAILED}.
 */
public class ThumbnailRefusedException extends RuntimeException {

    /** Why no thumbnail can be made. */
    public enum Reason {
        /** The header declares more pixels than {@code staffchat.thumbnails.max-pixels}. */
        PIXEL_BOMB,
        /** The bytes are not an image (or PDF) that can be read: corrupt, truncated or encrypted. */
        UNREADABLE,
        /** A PDF whose first page is empty or larger than {@code staffchat.thumbnails.max-pdf-page-inches}. */
        PAGE_SIZE,
        /** Not a type that gets thumbnails. */
        UNSUPPORTED_TYPE
    }

    private final Reason reason;

    public ThumbnailRefusedException(Reason reason, String message) {
        this(reason, message, null);
    }

    public ThumbnailRefusedException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
