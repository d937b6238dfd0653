package com.staffchat.notification.projection;

/** One signed-in realtime connection ({@code socketId}) of a staff member on a conversation's channel. */
record Viewer(String hotel, long conversationId, long staffId, String socketId) {}
