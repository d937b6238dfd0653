package com.staffchat.attachment;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Uploads, type checks, S3 objects, thumbnails and signed download URLs for Staff Chat attachments. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class AttachmentServiceApplication {

    public static void main(String[] args) {
        SpringApplication.run(AttachmentServiceApplication.class, args);
    }
}
