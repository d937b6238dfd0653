/** gateway: the one public entry, which authenticates callers, routes /api/v1 to the services and applies per-caller rate limits. */
package com.staffchat.gateway;
