/** The object store: S3 client configuration, the attachments bucket and its health. */
package com.staffchat.attachment.storage;
