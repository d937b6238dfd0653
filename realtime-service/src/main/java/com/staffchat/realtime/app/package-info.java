/** The Pusher apps this server hosts (id, key, secret) and the server's configuration. */
package com.staffchat.realtime.app;
