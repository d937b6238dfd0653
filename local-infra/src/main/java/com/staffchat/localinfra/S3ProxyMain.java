package com.staffchat.localinfra;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStore;
import org.jclouds.blobstore.BlobStoreContext;
import org.jclouds.filesystem.reference.FilesystemConstants;

/**
 * An S3-compatible endpoint for the local run: S3Proxy over the jclouds {@code filesystem} provider.
 *
 * <pre>
 * java -cp "local-infra/target/local-infra-0.1.0-SNAPSHOT.jar:local-infra/target/lib/*" \
 *   com.staffchat.localinfra.S3ProxyMain --base-dir .run/data/s3 --endpoint http://127.0.0.1:9000 \
 *   --identity staffchat --credential staffchat-secret --bucket staffchat-attachments
 * </pre>
 *
 * Buckets are directories under the base directory and objects are files in them. Requests are
 * authenticated with AWS signature V2 or V4 (presigned URLs included) using the identity as the access
 * key and the credential as the secret key. {@code --bucket} (optional) creates that bucket at start.
 */
public final class S3ProxyMain {

    static final String DEFAULT_ENDPOINT = "http://127.0.0.1:9000";
    static final String DEFAULT_BASE_DIR = ".run/data/s3";
    static final String DEFAULT_IDENTITY = "staffchat";
    static final String DEFAULT_CREDENTIAL = "staffchat-secret";

    private S3ProxyMain() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> options = Args.parse(
                args,
                Map.of(
                        "--base-dir", DEFAULT_BASE_DIR,
                        "--endpoint", DEFAULT_ENDPOINT,
                        "--identity", DEFAULT_IDENTITY,
                        "--credential", DEFAULT_CREDENTIAL,
                        "--bucket", ""),
                "S3ProxyMain [--base-dir DIR] [--endpoint http://127.0.0.1:9000] [--identity staffchat]"
                        + " [--credential staffchat-secret] [--bucket NAME]");
        Path baseDir = Path.of(options.get("--base-dir")).toAbsolutePath().normalize();
        URI endpoint = URI.create(options.get("--endpoint"));
        String identity = options.get("--identity");
        String credential = options.get("--credential");
        String bucket = options.get("--bucket");
        Files.createDirectories(baseDir);

        Properties overrides = new Properties();
        overrides.setProperty(FilesystemConstants.PROPERTY_BASEDIR, baseDir.toString());
        BlobStoreContext context = ContextBuilder.newBuilder("filesystem")
                .credentials(identity, credential)
                .overrides(overrides)
                .buildView(BlobStoreContext.class);
        BlobStore blobStore = context.getBlobStore();
        if (!bucket.isEmpty() && blobStore.createContainerInLocation(null, bucket)) {
            System.out.println("Created bucket " + bucket);
        }

        S3Proxy proxy = S3Proxy.builder()
                .blobStore(blobStore)
                .endpoint(endpoint)
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, identity, credential)
                .build();
        proxy.start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            try {
                                proxy.stop();
                            } catch (Exception e) {
                                System.err.println("Stopping S3Proxy failed: " + e);
                            } finally {
                                context.close();
                                stopped.countDown();
                            }
                        },
                        "s3proxy-shutdown"));
        System.out.printf(
                "S3Proxy: %s (state %s), identity %s, base dir %s%n", endpoint, proxy.getState(), identity, baseDir);
        stopped.await();
    }
}
