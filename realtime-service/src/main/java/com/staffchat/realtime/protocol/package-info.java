/**
 * The Pusher Channels protocol, independent of any transport: channel names and kinds, channel
 * and API signatures, the wire frames, the {@code pusher:} event dispatch, error codes and the
 * channel registry.
 */
package com.staffchat.realtime.protocol;
