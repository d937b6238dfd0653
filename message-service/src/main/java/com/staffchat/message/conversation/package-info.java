/**
 * Conversations (direct and group): starting them, and the caller's list of them (newest activity
 * first, with previews, counts, mute and archive state), the one view every feature answers.
 */
package com.staffchat.message.conversation;
