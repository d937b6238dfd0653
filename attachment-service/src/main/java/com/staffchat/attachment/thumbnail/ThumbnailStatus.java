package com.staffchat.attachment.thumbnail;

/** Where an attachment's thumbnails stand (column {@code thumbnail_status}). */
public enum ThumbnailStatus {
    /** Not a type that gets thumbnails (a text file, a spreadsheet). */
    NONE,
    /** Not made yet: every new attachment starts here, and the sweep takes up those that stay too long. */
    PENDING,
    /** Both sizes are stored and {@code ThumbnailReady} was published. */
    READY,
    /** The file cannot have a thumbnail (a pixel bomb, a corrupt file), or every attempt failed. */
    FAILED
}
