package com.staffchat.attachment.thumbnail;

/** The two thumbnails of one file, encoded and ready to store. */
public record RenderedThumbnails(Image small, Image large) {

    /** One encoded thumbnail: JPEG, or PNG when the source has transparency. */
    public record Image(byte[] bytes, String contentType, int width, int height) {}
}
