package com.staffchat.realtime.fleet;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A connection stand-in that keeps every frame delivered to it, and whether it was terminated. */
final class RecordingSubscriber implements Subscriber, UserSession {

    private final String socketId;

    final List<String> frames = new CopyOnWriteArrayList<>();

    volatile boolean terminated;

    /** The user this connection signed in as, null while it has not. */
    volatile String userId;

    RecordingSubscriber(String socketId) {
        this.socketId = socketId;
    }

    @Override
    public String socketId() {
        return socketId;
    }

    @Override
    public void deliver(String frame) {
        frames.add(frame);
    }

    @Override
    public String userId() {
        return userId;
    }

    @Override
    public void terminate() {
        terminated = true;
    }

    long count(String fragment) {
        return frames.stream().filter(frame -> frame.contains(fragment)).count();
    }
}
