/**
 * Uploads: multipart {@code files} streamed to S3 one bounded part at a time, each checked by its content
 * (Apache Tika) against an allowlist, hashed (SHA-256) on the way, and recorded with its event.
 */
package com.staffchat.attachment.upload;
