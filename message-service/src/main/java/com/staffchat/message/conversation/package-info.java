/** Conversations (direct and group) and who takes part in them. */
package com.staffchat.message.conversation;
