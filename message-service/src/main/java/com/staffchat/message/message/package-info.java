/** Messages: send, list, get one, edit with history, soft and hard delete. */
package com.staffchat.message.message;
