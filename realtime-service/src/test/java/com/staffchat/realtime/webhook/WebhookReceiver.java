package com.staffchat.realtime.webhook;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * An app's webhook endpoint (the JDK's HTTP server): verifies {@code X-Pusher-Key} and
 * {@code X-Pusher-Signature} as Pusher's docs tell apps to, keeps every event of every accepted
 * POST with the path it came to, and answers 500 while told to fail.
 */
public final class WebhookReceiver implements AutoCloseable {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final HttpServer server;

	private final String key;

	private final String secret;

	/** Events of accepted POSTs, each with a {@code path} field added. */
	public final List<JsonNode> events = new CopyOnWriteArrayList<>();

	/** Sizes of accepted POSTs, in events. */
	public final List<Integer> batchSizes = new CopyOnWriteArrayList<>();

	public final AtomicInteger failuresLeft = new AtomicInteger();

	public final AtomicInteger refused = new AtomicInteger();

	public final AtomicInteger badSignatures = new AtomicInteger();

	public WebhookReceiver(String key, String secret) throws IOException {
		this.key = key;
		this.secret = secret;
		server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		server.createContext("/", this::handle);
		server.start();
	}

	public String url(String path) {
		return "http://127.0.0.1:" + server.getAddress().getPort() + path;
	}

	/** The events that came to {@code path} with the given name. */
	public List<JsonNode> named(String path, String name) {
		return events.stream()
			.filter(event -> event.path("path").asString().equals(path) && event.path("name").asString().equals(name))
			.toList();
	}

	private void handle(HttpExchange exchange) throws IOException {
		byte[] body = exchange.getRequestBody().readAllBytes();
		int status;
		if (failuresLeft.getAndUpdate(left -> Math.max(0, left - 1)) > 0) {
			refused.incrementAndGet();
			status = 500;
		}
		else if (!key.equals(exchange.getRequestHeaders().getFirst("X-Pusher-Key")) || !MessageDigest.isEqual(
				WebhookSignature.sign(secret, body).getBytes(StandardCharsets.UTF_8),
				String.valueOf(exchange.getRequestHeaders().getFirst("X-Pusher-Signature")).getBytes(StandardCharsets.UTF_8))) {
			badSignatures.incrementAndGet();
			status = 401;
		}
		else {
			JsonNode payload = JSON.readTree(body);
			if (!payload.path("time_ms").isIntegralNumber()) {
				status = 400;
			}
			else {
				batchSizes.add(payload.path("events").size());
				for (JsonNode event : payload.path("events")) {
					((tools.jackson.databind.node.ObjectNode) event).put("path", exchange.getRequestURI().getPath());
					events.add(event);
				}
				status = 200;
			}
		}
		exchange.sendResponseHeaders(status, -1);
		exchange.close();
	}

	@Override
	public void close() {
		server.stop(0);
	}

}
