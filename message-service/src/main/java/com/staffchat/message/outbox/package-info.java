/** The transactional outbox: events stored with the change, and the relay that publishes them to Kafka. */
package com.staffchat.message.outbox;
