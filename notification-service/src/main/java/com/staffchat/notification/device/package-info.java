/**
 * Push devices: the FCM registration tokens each person registers from their apps (platform, app version, locale,
 * last seen), and the lookups the push sender needs (a person's tokens, removing tokens FCM no longer knows).
 */
package com.staffchat.notification.device;
