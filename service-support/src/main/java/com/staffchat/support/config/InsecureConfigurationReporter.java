package com.staffchat.support.config;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.boot.SpringBootExceptionReporter;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/**
 * Reports a refused start as the one line of its {@link InsecureConfigurationException}, instead of
 * Boot's stack trace: the operator reads the reason and the key to set, nothing else.
 */
@Order(Ordered.HIGHEST_PRECEDENCE)
public class InsecureConfigurationReporter implements SpringBootExceptionReporter {

    private static final Log log = LogFactory.getLog(StartupSecretsCheck.class);

    @Override
    public boolean reportException(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof InsecureConfigurationException insecure) {
                log.error(insecure.getMessage());
                return true;
            }
        }
        return false;
    }
}
