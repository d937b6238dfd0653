package com.staffchat.notification.device;

import com.staffchat.notification.push.DeviceTokenRemoval;
import java.util.Collection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/** The device registry forgets the tokens FCM refused as no longer valid (the sender reports them). */
@Component
class DeadDeviceTokens implements DeviceTokenRemoval {

    private static final Logger log = LoggerFactory.getLogger(DeadDeviceTokens.class);

    private final DeviceRepository devices;

    DeadDeviceTokens(DeviceRepository devices) {
        this.devices = devices;
    }

    @Override
    public Mono<Void> remove(Collection<String> tokens) {
        if (tokens.isEmpty()) {
            return Mono.empty();
        }
        return devices.remove(tokens)
                .doOnNext(removed -> log.info("Removed {} device token(s) FCM no longer accepts", removed))
                .then();
    }
}
