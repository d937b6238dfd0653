/**
 * The Kafka consumer kit every service's listeners use: the event codec, retries that tell a
 * dependency outage from a bad record, dead letters that carry their reason, and the
 * processed-events record keyed by (consumer, event id).
 */
package com.staffchat.support.consumer;
