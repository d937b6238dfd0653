package com.staffchat.attachment.download;

import java.time.Instant;

/** A presigned URL to fetch a file or thumbnail from the store, and when it stops working. */
public record DownloadUrl(String url, Instant expiresAt) {}
