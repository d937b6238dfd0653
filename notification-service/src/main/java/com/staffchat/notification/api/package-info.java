/** notification-service's OpenAPI document: what it says about each endpoint beyond what the controllers declare. */
package com.staffchat.notification.api;
