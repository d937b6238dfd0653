/**
 * Who takes part in which conversation, and each participant's read state (last read seq; later
 * mute and archive): the one owner of these rows, called through {@link
 * com.staffchat.message.participant.Participants}.
 */
package com.staffchat.message.participant;
