/** Sending and reading messages. */
package com.staffchat.message.message;
