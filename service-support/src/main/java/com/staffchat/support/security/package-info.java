/** The caller from the bearer token: every HTTP service validates the JWT itself and knows the staff member and hotel. */
package com.staffchat.support.security;
