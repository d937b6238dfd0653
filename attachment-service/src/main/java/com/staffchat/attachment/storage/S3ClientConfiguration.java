package com.staffchat.attachment.storage;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * The S3 clients, configured only from {@link S3Properties}: static credentials, never the AWS default
 * chain, so a developer's ~/.aws profile cannot leak into a local run.
 */
@Configuration(proxyBeanMethods = false)
class S3ClientConfiguration {

    /**
     * The SDK's Netty client runs here on Boot 4's Netty 4.2, which the SDK does not yet support
     * officially (aws-sdk-java-v2#6757). Normal traffic is unaffected; a refused connection sometimes
     * surfaces only after the 10 s pool-acquire timeout instead of at once, so callers bound every call.
     */
    @Bean
    S3AsyncClient s3AsyncClient(S3Properties s3) {
        return S3AsyncClient.builder()
                .endpointOverride(s3.endpoint())
                .region(Region.of(s3.region()))
                .credentialsProvider(credentials(s3))
                .forcePathStyle(s3.pathStyle())
                // The SDK's default flexible checksums make S3Proxy 2.6.0 answer 400 XAmzContentSHA256Mismatch.
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .build();
    }

    /**
     * Signs download and upload URLs. A presigner never sees a body, so it has no checksum setting; the
     * host and port it signs must be the ones clients fetch from.
     */
    @Bean
    S3Presigner s3Presigner(S3Properties s3) {
        return S3Presigner.builder()
                .endpointOverride(s3.endpoint())
                .region(Region.of(s3.region()))
                .credentialsProvider(credentials(s3))
                .serviceConfiguration(S3Configuration.builder()
                        .pathStyleAccessEnabled(s3.pathStyle())
                        .build())
                .build();
    }

    private static StaticCredentialsProvider credentials(S3Properties s3) {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(s3.accessKey(), s3.secretKey()));
    }
}
