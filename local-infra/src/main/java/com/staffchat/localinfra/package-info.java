/** local-infra: the embedded KRaft Kafka broker and S3Proxy that {@code ./chat up} runs so the system needs no Docker. */
package com.staffchat.localinfra;
