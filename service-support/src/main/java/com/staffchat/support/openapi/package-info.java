/**
 * OpenAPI pieces every HTTP service shares: the bearer scheme, the RFC 9457 problem schema and
 * responses, and a small builder each service uses to describe its operations with examples.
 */
package com.staffchat.support.openapi;
