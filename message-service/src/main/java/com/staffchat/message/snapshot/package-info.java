/** Snapshots of conversations on the conversation topic, so a consumer can rebuild its projection of them. */
package com.staffchat.message.snapshot;
