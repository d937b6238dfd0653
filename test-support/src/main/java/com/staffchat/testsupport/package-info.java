/** Shared test fixtures: tokens, the local PostgreSQL, the embedded Kafka broker and S3Proxy. */
package com.staffchat.testsupport;
