/** realtime-service: our own Pusher Channels server (WebSocket protocol 7, signed HTTP API, webhooks, a Redis fleet). */
package com.staffchat.realtime;
