/**
 * Local projections built from the Kafka topics, for decisions no caller's token can be asked
 * about: among them who is looking at a conversation right now ({@link
 * com.staffchat.notification.projection.Viewers}).
 */
package com.staffchat.notification.projection;
