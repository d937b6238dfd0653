/**
 * The transactional outbox of attachment events: rows written in the transaction of the change, and the relay
 * that publishes them to {@code staffchat.attachments}.
 */
package com.staffchat.attachment.outbox;
