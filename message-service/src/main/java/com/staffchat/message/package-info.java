/** message-service: staff directory, conversations, participants and messages, with their events published through the outbox. */
package com.staffchat.message;
