/** Shared test fixtures: tokens, the local PostgreSQL, the embedded Kafka broker, S3Proxy and a local FCM server. */
package com.staffchat.testsupport;
