package com.staffchat.realtime.fleet;

import com.staffchat.realtime.protocol.PresenceMember;
import java.util.List;

/**
 * The fleet-wide outcome of adding a connection to a channel.
 *
 * @param refused the presence channel is full (nothing changed)
 * @param occupied the channel had no subscriber anywhere before
 * @param firstForUser the user's first connection on this presence channel anywhere
 * @param subscriptionCount connections on the channel fleet-wide, afterwards
 * @param roster the presence roster in joining order (empty for other channels)
 */
public record Joined(
        boolean refused, boolean occupied, boolean firstForUser, long subscriptionCount, List<PresenceMember> roster) {}
