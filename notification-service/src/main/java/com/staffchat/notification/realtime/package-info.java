/** Realtime delivery through the Pusher HTTP API, and authorisation of the channels clients subscribe to. */
package com.staffchat.notification.realtime;
