package com.staffchat.support.config;

/** A service's configuration is unsafe to run with; the message says which keys and what to do, in one line. */
public class InsecureConfigurationException extends IllegalStateException {

    public InsecureConfigurationException(String message) {
        super(message);
    }
}
