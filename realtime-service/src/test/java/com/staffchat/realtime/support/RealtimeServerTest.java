package com.staffchat.realtime.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * The whole server on a random port, with the default app from application.yml. Every test class
 * uses the same configuration, so they share one application context.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public @interface RealtimeServerTest {

    String APP_ID = "staffchat";

    String APP_KEY = "staffchat-key";

    String APP_SECRET = "staffchat-secret";
}
