/** Mentions: {@code @handle}, {@code @department} and {@code @all} in a message, stored with it; my mentions. */
package com.staffchat.message.mention;
