/** The idempotent consumer's record of events already acted on. */
package com.staffchat.notification.inbox;
