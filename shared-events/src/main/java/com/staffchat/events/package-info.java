/** The event contract: envelope, event types, topic names and JSON codec; plain Java so analytics consumers can use it alone. */
package com.staffchat.events;
