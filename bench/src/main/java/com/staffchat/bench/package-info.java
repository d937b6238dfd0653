/** The pipeline benchmark run by {@code ./chat bench}: this machine's PostgreSQL and Kafka limits and the running system through the gateway, as JSON, Markdown and an SVG plot. */
package com.staffchat.bench;
