/**
 * Muting a conversation for oneself, until a time or for good, and unmuting. A mute changes no count (mentions and
 * direct messages still count as unread); it travels in {@code ConversationMuted} for notification-service's pushes.
 */
package com.staffchat.message.mute;
