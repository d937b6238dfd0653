/** notification-service: turns conversation events into realtime events and authorizes realtime channels. */
package com.staffchat.notification;
