/** W3C trace context in every service: the defaults that make trace ids propagate and show in every log line. */
package com.staffchat.support.tracing;
