package com.staffchat.support.validation;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.web.server.WebFilter;
import tools.jackson.databind.JacksonModule;
import tools.jackson.databind.module.SimpleModule;

/**
 * Registers the {@link TextRule} in every service: a Jackson module for every string of every
 * request body (Boot adds {@link JacksonModule} beans to the mapper the WebFlux codecs use) and a
 * web filter for paths and query parameters.
 */
@AutoConfiguration(beforeName = "org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration")
public class TextValidationAutoConfiguration {

    @Bean
    JacksonModule safeTextModule() {
        return new SimpleModule("staffchat-safe-text").addDeserializer(String.class, SafeTextDeserializer.SINGLE_LINE);
    }

    @Bean
    WebFilter safeTextWebFilter() {
        return new SafeTextWebFilter();
    }
}
