package com.staffchat.testsupport;

import java.net.URI;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;

/**
 * A real S3-compatible endpoint for tests: S3Proxy embedded in the test JVM over the jclouds
 * {@code transient} (in-memory) provider, on a free loopback port. Requests must be signed (AWS
 * signature V2 or V4, presigned URLs included) with {@link #ACCESS_KEY} / {@link #SECRET_KEY}.
 *
 * <pre>
 * static final S3ProxyServer S3 = S3ProxyServer.start();
 * ... registry.add("staffchat.s3.endpoint", () -> S3.endpoint().toString());
 * </pre>
 *
 * Each server has its own empty store; nothing outlives {@link #close()}.
 */
public final class S3ProxyServer implements AutoCloseable {

    /** The access key (S3Proxy "identity") every request is signed with; the services' local default. */
    public static final String ACCESS_KEY = "staffchat";

    /** The secret key (S3Proxy "credential"); the services' local default. */
    public static final String SECRET_KEY = "staffchat-secret";

    /** The region clients should sign for; S3Proxy accepts any, this is the services' default. */
    public static final String REGION = "us-east-1";

    private final BlobStoreContext store;
    private final S3Proxy proxy;
    private final URI endpoint;

    private S3ProxyServer(BlobStoreContext store, S3Proxy proxy) {
        this.store = store;
        this.proxy = proxy;
        this.endpoint = URI.create("http://127.0.0.1:" + proxy.getPort());
    }

    /** Starts a server with an empty in-memory store; returns once it accepts connections. */
    public static S3ProxyServer start() {
        return start(ACCESS_KEY, SECRET_KEY);
    }

    /**
     * Starts a server that accepts the given credentials instead of the local defaults: for a service
     * run without the local or test profile, which refuses the defaults.
     */
    public static S3ProxyServer start(String accessKey, String secretKey) {
        BlobStoreContext store = ContextBuilder.newBuilder("transient")
                .credentials(accessKey, secretKey)
                .buildView(BlobStoreContext.class);
        S3Proxy proxy = S3Proxy.builder()
                .blobStore(store.getBlobStore())
                .endpoint(URI.create("http://127.0.0.1:0")) // port 0: the OS picks a free one
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, accessKey, secretKey)
                .build();
        try {
            // Jetty's start() returns once the connector is bound, so no polling is needed.
            proxy.start();
        } catch (Exception e) {
            store.close();
            throw new IllegalStateException("S3Proxy did not start", e);
        }
        if (!"STARTED".equals(proxy.getState())) {
            stopQuietly(proxy);
            store.close();
            throw new IllegalStateException("S3Proxy did not start: state " + proxy.getState());
        }
        return new S3ProxyServer(store, proxy);
    }

    /** The endpoint to configure clients with, e.g. {@code http://127.0.0.1:41234}. Use path-style access. */
    public URI endpoint() {
        return endpoint;
    }

    /** Stops the server and drops everything it stored. */
    @Override
    public void close() {
        try {
            proxy.stop();
        } catch (Exception e) {
            throw new IllegalStateException("S3Proxy at " + endpoint + " did not stop", e);
        } finally {
            store.close();
        }
    }

    private static void stopQuietly(S3Proxy proxy) {
        try {
            proxy.stop();
        } catch (Exception ignored) {
            // already failing; the start error is the one worth reporting
        }
    }

    @Override
    public String toString() {
        return "S3ProxyServer[" + endpoint + "]";
    }
}
