/**
 * Channel events out of the fleet: Pusher-compatible webhooks (signed, batched, retried for five
 * minutes) and the same events on a Kafka topic, both read from the fleet's durable event stream.
 */
package com.staffchat.realtime.webhook;
