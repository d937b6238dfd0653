package com.staffchat.realtime.api;

import com.staffchat.realtime.app.App;
import com.staffchat.realtime.app.AppDirectory;
import com.staffchat.realtime.ops.ApiQuota;
import java.nio.charset.StandardCharsets;
import java.util.function.BiFunction;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.BodyExtractors;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What every HTTP API endpoint does first and last: find the app, read the body (bounded), check
 * the signature (GET requests too: their query, no body_md5), then take a place under the app's
 * request rate ({@link ApiQuota#admit}: unsigned requests never count against it), and answer either exactly 200 with a
 * JSON body or a refusal with a plain-text explanation.
 */
final class SignedRequests {

    static final JsonMapper JSON = JsonMapper.builder().build();

    private static final byte[] EMPTY_JSON_OBJECT = "{}".getBytes(StandardCharsets.UTF_8);

    private final AppDirectory apps;

    private final RequestAuthenticator authenticator;

    private final ApiQuota quota;

    private final int maxRequestBytes;

    SignedRequests(AppDirectory apps, RequestAuthenticator authenticator, ApiQuota quota, int maxRequestBytes) {
        this.apps = apps;
        this.authenticator = authenticator;
        this.quota = quota;
        this.maxRequestBytes = maxRequestBytes;
    }

    /** Runs {@code handler} for a request signed by the app in its path; refusals become their status and text. */
    Mono<ServerResponse> handle(ServerRequest request, BiFunction<App, byte[], Mono<ServerResponse>> handler) {
        return Mono.defer(() -> {
                    String appId = request.pathVariable("appId");
                    App app = apps.byId(appId).orElseThrow(() -> ApiRefusal.notFound("Unknown app '" + appId + "'"));
                    return body(request).flatMap(body -> {
                        authenticator.verify(
                                app,
                                request.method().name(),
                                request.requestPath().value(),
                                request.queryParams().toSingleValueMap(),
                                body);
                        // Only now, signed by the app, does the request count against the app's rate.
                        String overQuota = quota.admit(app, request.exchange().getResponse());
                        if (overQuota != null) {
                            throw ApiRefusal.tooManyRequests(overQuota);
                        }
                        return handler.apply(app, body);
                    });
                })
                .onErrorResume(ApiRefusal.class, SignedRequests::refused);
    }

    private Mono<byte[]> body(ServerRequest request) {
        return DataBufferUtils.join(request.body(BodyExtractors.toDataBuffers()), maxRequestBytes)
                .map(buffer -> {
                    byte[] bytes = new byte[buffer.readableByteCount()];
                    buffer.read(bytes);
                    DataBufferUtils.release(buffer);
                    return bytes;
                })
                .defaultIfEmpty(new byte[0])
                .onErrorMap(
                        DataBufferLimitException.class,
                        ex -> ApiRefusal.tooLarge(
                                "Request body too large: the limit is " + maxRequestBytes + " bytes"));
    }

    /** Exactly 200 with {@code {}}: pusher-http-java treats any other 2xx as an error. */
    static Mono<ServerResponse> emptySuccess() {
        return ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).bodyValue(EMPTY_JSON_OBJECT);
    }

    /** Exactly 200 with a JSON body. */
    static Mono<ServerResponse> success(JsonNode body) {
        return ServerResponse.ok()
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(JSON.writeValueAsString(body).getBytes(StandardCharsets.UTF_8));
    }

    static Mono<ServerResponse> refused(ApiRefusal refusal) {
        HttpStatus status = refusal.status();
        return ServerResponse.status(status)
                .contentType(new MediaType(MediaType.TEXT_PLAIN, StandardCharsets.UTF_8))
                .bodyValue(refusal.getMessage().getBytes(StandardCharsets.UTF_8));
    }
}
