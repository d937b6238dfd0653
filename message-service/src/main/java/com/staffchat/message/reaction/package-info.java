/** Emoji reactions to messages: which emoji, adding and taking back, and the reactions every message shows. */
package com.staffchat.message.reaction;
