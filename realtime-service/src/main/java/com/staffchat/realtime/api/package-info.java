/**
 * Pusher's HTTP API for servers: signed {@code POST /apps/{appId}/events} and
 * {@code /apps/{appId}/batch_events}, answered exactly as Pusher answers (200 {@code {}} on success).
 */
package com.staffchat.realtime.api;
