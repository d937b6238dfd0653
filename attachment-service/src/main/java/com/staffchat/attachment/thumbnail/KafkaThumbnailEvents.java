package com.staffchat.attachment.thumbnail;

import com.staffchat.events.EventCodec;
import com.staffchat.events.EventEnvelope;
import com.staffchat.events.ThumbnailReady;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Sends {@code ThumbnailReady} straight to {@code staffchat.attachments}, keyed by conversation, in the
 * envelope every service uses. A stand-in until attachment-service's outbox exists: the outbox's
 * implementation of {@link ThumbnailEvents} replaces this class. Its producer is its own (not a bean), with
 * explicit serialisers and {@code acks=all}, so it neither depends on nor changes how the rest of the
 * service produces.
 */
@Component
class KafkaThumbnailEvents implements ThumbnailEvents, DisposableBean {

    static final String SOURCE = "attachment-service";
    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(10);

    private final EventCodec codec;
    private final DefaultKafkaProducerFactory<String, byte[]> producers;
    private final KafkaTemplate<String, byte[]> template;

    KafkaThumbnailEvents(EventCodec codec, KafkaProperties kafka) {
        this.codec = codec;
        Map<String, Object> settings = new HashMap<>(kafka.buildProducerProperties());
        settings.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        settings.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        settings.put(ProducerConfig.ACKS_CONFIG, "all");
        settings.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) SEND_TIMEOUT.toMillis());
        settings.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) SEND_TIMEOUT.toMillis() / 2);
        settings.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) SEND_TIMEOUT.toMillis());
        this.producers = new DefaultKafkaProducerFactory<>(settings);
        this.template = new KafkaTemplate<>(producers);
    }

    @Override
    public Mono<Void> thumbnailReady(String hotel, ThumbnailReady event) {
        EventEnvelope<ThumbnailReady> envelope = EventEnvelope.wrap(SOURCE, hotel, event);
        // send() may block up to max.block.ms for metadata: never on an event loop
        return Mono.fromFuture(
                        () -> template.send(envelope.eventType().topic(), envelope.key(), codec.encode(envelope)))
                .subscribeOn(reactor.core.scheduler.Schedulers.boundedElastic())
                .timeout(SEND_TIMEOUT.plusSeconds(5))
                .then();
    }

    @Override
    public void destroy() {
        producers.destroy();
    }
}
