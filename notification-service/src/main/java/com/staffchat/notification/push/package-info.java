/**
 * Mobile pushes through FCM (firebase-admin): who gets a push for a new message and why not
 * ({@code PushListener}, {@code MessagePushes}: its own consumer group on the conversation topic),
 * the follow-ups of an edit, a delete or a read, the payload of each kind of push, and sending in
 * chunks with per-token outcomes (bad tokens removed, transient failures retried within a budget,
 * nothing pushed twice to one token for one event).
 */
package com.staffchat.notification.push;
