/** Who may touch a conversation's files: asked of message-service at the moment of each request. */
package com.staffchat.attachment.participation;
