package com.staffchat.realtime.api;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Pattern;

import com.staffchat.realtime.app.App;
import com.staffchat.realtime.app.AppDirectory;
import com.staffchat.realtime.app.RealtimeProperties;
import com.staffchat.realtime.ops.DeliveryTiming;
import com.staffchat.realtime.protocol.ChannelName;
import com.staffchat.realtime.protocol.ChannelRegistry;
import com.staffchat.realtime.protocol.Frames;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.BodyExtractors;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * Triggers events from app servers: {@code POST /apps/{appId}/events} (one event, up to 100
 * channels) and {@code POST /apps/{appId}/batch_events} (up to 10 events). Success is exactly
 * 200 with body {@code {}}: pusher-http-java treats any other 2xx as an error.
 */
final class EventsApi {

	static final int MAX_EVENT_NAME_LENGTH = 200;

	private static final Pattern SOCKET_ID = Pattern.compile("\\d+\\.\\d+");

	private static final byte[] EMPTY_JSON_OBJECT = "{}".getBytes(StandardCharsets.UTF_8);

	private final JsonMapper json = JsonMapper.builder().build();

	private final AppDirectory apps;

	private final ChannelRegistry registry;

	private final RequestAuthenticator authenticator;

	private final RealtimeProperties limits;

	EventsApi(AppDirectory apps, ChannelRegistry registry, RequestAuthenticator authenticator,
			RealtimeProperties limits) {
		this.apps = apps;
		this.registry = registry;
		this.authenticator = authenticator;
		this.limits = limits;
	}

	Mono<ServerResponse> trigger(ServerRequest request) {
		return handle(request, body -> List.of(event(body, false)));
	}

	Mono<ServerResponse> triggerBatch(ServerRequest request) {
		return handle(request, this::batch);
	}

	private Mono<ServerResponse> handle(ServerRequest request, Function<JsonNode, List<TriggeredEvent>> reader) {
		return Mono.defer(() -> {
			long acceptedAt = System.nanoTime();
			String appId = request.pathVariable("appId");
			App app = apps.byId(appId).orElseThrow(() -> ApiRefusal.notFound("Unknown app '" + appId + "'"));
			return body(request).flatMap(body -> {
				authenticator.verify(app, request.method().name(), request.requestPath().value(),
						request.queryParams().toSingleValueMap(), body);
				List<TriggeredEvent> events = reader.apply(parse(body));
				return DeliveryTiming.stamped(acceptedAt, Flux.fromIterable(events).concatMap(event -> publish(app, event)).then())
					.then(success());
			});
		}).onErrorResume(ApiRefusal.class, EventsApi::refused);
	}

	private Mono<Void> publish(App app, TriggeredEvent event) {
		return Flux.fromIterable(event.channels())
			.concatMap(channel -> registry.publish(app.id(), channel.value(),
					Frames.channelEvent(event.name(), channel.value(), event.data()), event.socketId()))
			.then();
	}

	private Mono<byte[]> body(ServerRequest request) {
		return DataBufferUtils.join(request.body(BodyExtractors.toDataBuffers()), limits.maxRequestBytes())
			.map(buffer -> {
				byte[] bytes = new byte[buffer.readableByteCount()];
				buffer.read(bytes);
				DataBufferUtils.release(buffer);
				return bytes;
			})
			.defaultIfEmpty(new byte[0])
			.onErrorMap(DataBufferLimitException.class, ex -> ApiRefusal.tooLarge("Request body too large: the limit is "
					+ limits.maxRequestBytes() + " bytes"));
	}

	private JsonNode parse(byte[] body) {
		if (body.length == 0) {
			throw ApiRefusal.invalid("Empty body: send the event as a JSON object");
		}
		try {
			JsonNode root = json.readTree(body);
			if (root == null || !root.isObject()) {
				throw ApiRefusal.invalid("Invalid JSON: the body must be a JSON object");
			}
			return root;
		}
		catch (JacksonException ex) {
			throw ApiRefusal.invalid("Invalid JSON: " + ex.getOriginalMessage());
		}
	}

	private List<TriggeredEvent> batch(JsonNode body) {
		JsonNode batch = body.get("batch");
		if (batch == null || !batch.isArray()) {
			throw ApiRefusal.invalid("Missing batch: expected {\"batch\":[{\"channel\":..,\"name\":..,\"data\":..}]}");
		}
		if (batch.size() > limits.maxBatchSize()) {
			throw ApiRefusal.invalid("Batch too large: " + batch.size() + " events, at most " + limits.maxBatchSize());
		}
		List<TriggeredEvent> events = new ArrayList<>(batch.size());
		for (JsonNode event : batch) {
			events.add(event(event, true));
		}
		return events;
	}

	private TriggeredEvent event(JsonNode event, boolean inBatch) {
		if (!event.isObject()) {
			throw ApiRefusal.invalid("Each event must be a JSON object");
		}
		String name = text(event, "name");
		if (name == null || name.isEmpty()) {
			throw ApiRefusal.invalid("Missing event name");
		}
		if (name.length() > MAX_EVENT_NAME_LENGTH) {
			throw ApiRefusal.invalid("Event name too long: " + name.length() + " characters, at most " + MAX_EVENT_NAME_LENGTH);
		}
		List<ChannelName> channels = channels(event, inBatch);
		JsonNode dataNode = event.get("data");
		if (dataNode == null || dataNode.isNull()) {
			throw ApiRefusal.invalid("Missing data");
		}
		String data = dataNode.isString() ? dataNode.stringValue() : json.writeValueAsString(dataNode);
		int dataBytes = data.getBytes(StandardCharsets.UTF_8).length;
		if (dataBytes > limits.maxEventBytes()) {
			throw ApiRefusal.tooLarge("Event data too large: " + dataBytes + " bytes, the limit is "
					+ limits.maxEventBytes() + " bytes");
		}
		String socketId = text(event, "socket_id");
		if (socketId != null && !SOCKET_ID.matcher(socketId).matches()) {
			throw ApiRefusal.invalid("Invalid socket_id '" + socketId + "': expected digits.digits");
		}
		return new TriggeredEvent(name, channels, data, socketId);
	}

	private List<ChannelName> channels(JsonNode event, boolean inBatch) {
		List<String> names = new ArrayList<>();
		JsonNode channels = inBatch ? null : event.get("channels");
		if (channels != null && !channels.isNull()) {
			if (!channels.isArray()) {
				throw ApiRefusal.invalid("channels must be an array of channel names");
			}
			for (JsonNode channel : channels) {
				if (!channel.isString()) {
					throw ApiRefusal.invalid("channels must be an array of channel names");
				}
				names.add(channel.stringValue());
			}
		}
		else {
			String channel = text(event, "channel");
			if (channel != null) {
				names.add(channel);
			}
		}
		if (names.isEmpty()) {
			throw ApiRefusal.invalid(inBatch ? "Missing channel" : "Missing channels: name at least one channel");
		}
		if (names.size() > limits.maxChannelsPerEvent()) {
			throw ApiRefusal.invalid("Too many channels: " + names.size() + ", at most " + limits.maxChannelsPerEvent()
					+ " per event");
		}
		List<ChannelName> valid = new ArrayList<>(names.size());
		for (String name : names) {
			try {
				valid.add(ChannelName.of(name));
			}
			catch (IllegalArgumentException ex) {
				throw ApiRefusal.invalid(ex.getMessage());
			}
		}
		return valid;
	}

	private static String text(JsonNode node, String field) {
		JsonNode value = node.get(field);
		return value != null && value.isString() ? value.stringValue() : null;
	}

	private static Mono<ServerResponse> success() {
		return ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).bodyValue(EMPTY_JSON_OBJECT);
	}

	private static Mono<ServerResponse> refused(ApiRefusal refusal) {
		HttpStatus status = refusal.status();
		return ServerResponse.status(status)
			.contentType(new MediaType(MediaType.TEXT_PLAIN, StandardCharsets.UTF_8))
			.bodyValue(refusal.getMessage().getBytes(StandardCharsets.UTF_8));
	}

	/** One event to deliver. */
	private record TriggeredEvent(String name, List<ChannelName> channels, String data, String socketId) {
	}

}
