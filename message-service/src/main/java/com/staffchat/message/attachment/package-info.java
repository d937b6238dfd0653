/**
 * Attachments on a send: the current read of each attachment id from attachment-service (with the caller's own
 * token), the checks a send makes of it, and the 503 when attachment-service cannot answer.
 */
package com.staffchat.message.attachment;
