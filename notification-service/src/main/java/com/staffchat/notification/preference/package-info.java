/**
 * Each person's notification preferences (push level, quiet hours in their time zone) and the rule the push decision
 * applies with them ({@link com.staffchat.notification.preference.NotificationPreference#allows}).
 */
package com.staffchat.notification.preference;
