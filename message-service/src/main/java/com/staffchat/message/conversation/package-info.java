/** Conversations (direct and group): starting them and finding the ones a caller takes part in. */
package com.staffchat.message.conversation;
