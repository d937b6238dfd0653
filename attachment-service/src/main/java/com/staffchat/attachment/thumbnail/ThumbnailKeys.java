package com.staffchat.attachment.thumbnail;

/** The S3 keys of an attachment's thumbnails: beside the object, {@code {objectKey}/thumb-small|large}. */
public final class ThumbnailKeys {

    private ThumbnailKeys() {}

    public static String small(String objectKey) {
        return objectKey + "/thumb-small";
    }

    public static String large(String objectKey) {
        return objectKey + "/thumb-large";
    }
}
