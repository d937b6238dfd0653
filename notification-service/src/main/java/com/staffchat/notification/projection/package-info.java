/**
 * Local projections built from the Kafka topics, for decisions no caller's token can be asked
 * about: each conversation's newest {@code seq}, its participants, how far each has read and their
 * mutes ({@link com.staffchat.notification.projection.Projection}, from the conversation topic and
 * message-service's snapshots), and who is looking at a conversation right now ({@link
 * com.staffchat.notification.projection.Viewers}).
 */
package com.staffchat.notification.projection;
