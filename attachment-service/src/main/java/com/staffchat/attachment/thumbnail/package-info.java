/**
 * Thumbnails of image and PDF attachments: made after the upload, off the request path and off
 * event-loop threads, stored beside the object in S3 and announced with {@code ThumbnailReady}.
 * The one public entry is {@link com.staffchat.attachment.thumbnail.Thumbnails}.
 */
package com.staffchat.attachment.thumbnail;
