/** RFC 9457 problem details: the domain error vocabulary and its one mapping to HTTP answers, shared by every service. */
package com.staffchat.support.problem;
