/**
 * notification-service's own copy of what it must know for every event without a caller's token:
 * each conversation's newest {@code seq}, its participants, how far each has read and their mutes,
 * built from the conversation topic (and replaced from message-service's snapshots), and who is
 * looking at a conversation right now ({@link com.staffchat.notification.projection.Viewers}), built
 * from realtime-service's presence topic.
 */
package com.staffchat.notification.projection;
