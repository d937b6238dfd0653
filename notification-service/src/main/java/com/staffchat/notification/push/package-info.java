/**
 * Mobile pushes through FCM (firebase-admin): the payload of each kind of push, and sending in chunks
 * with per-token outcomes (bad tokens removed, transient failures retried within a budget, nothing
 * pushed twice to one token for one event).
 */
package com.staffchat.notification.push;
