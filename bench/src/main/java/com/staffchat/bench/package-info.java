/** The pipeline benchmark run by {@code ./chat bench}: this machine's PostgreSQL and Kafka limits, as JSON and Markdown. */
package com.staffchat.bench;
