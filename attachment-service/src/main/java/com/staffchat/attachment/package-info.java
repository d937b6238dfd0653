/** attachment-service: files staff attach to messages, stored in S3 and described in the {@code attachment} schema. */
package com.staffchat.attachment;
