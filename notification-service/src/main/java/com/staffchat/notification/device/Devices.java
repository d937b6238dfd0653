package com.staffchat.notification.device;

import com.staffchat.support.problem.DomainException;
import com.staffchat.support.security.StaffPrincipal;
import com.staffchat.support.validation.TextRule;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Locale;
import org.springframework.stereotype.Service;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Registering, refreshing, listing and removing the caller's push devices. A registration locks the person, stores
 * the token (moving it from whoever had it) and drops their devices beyond {@link DeviceProperties#maxPerPerson()}
 * in one transaction.
 */
@Service
class Devices {

    static final int MAX_TOKEN_LENGTH = 4096;
    static final int MAX_APP_VERSION = 64;
    /** The longest BCP 47 tag worth keeping (RFC 5646 advises 35 characters for language-region-script). */
    static final int MAX_LOCALE = 35;

    private final DeviceRepository repository;
    private final TransactionalOperator tx;
    private final int maxPerPerson;

    Devices(DeviceRepository repository, TransactionalOperator tx, DeviceProperties properties) {
        this.repository = repository;
        this.tx = tx;
        this.maxPerPerson = properties.maxPerPerson();
    }

    /** What a registration did: {@code created} when the token is new to the caller (new, or moved to them). */
    record Registered(Device device, boolean created) {}

    Mono<Registered> register(StaffPrincipal caller, String token, RegisterDevice request) {
        checkToken(token);
        if (request == null) {
            throw DomainException.invalid("the body must be a JSON object such as {\"platform\":\"ANDROID\"}");
        }
        Platform platform = platform(request.platform());
        String appVersion = appVersion(request.appVersion());
        String locale = locale(request.locale());
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS); // what PostgreSQL keeps
        String hotel = caller.hotel();
        long me = caller.staffId();
        Mono<Registered> registration = repository
                .lockPerson(hotel, me)
                .then(repository.upsert(token, hotel, me, platform, appVersion, locale, now))
                .flatMap(device -> repository
                        .keepNewest(hotel, me, maxPerPerson)
                        .thenReturn(new Registered(device, device.registeredAt().equals(now))));
        return tx.transactional(registration);
    }

    Flux<Device> mine(StaffPrincipal caller) {
        return repository.of(caller.hotel(), caller.staffId());
    }

    /** Removes one of the caller's tokens; anyone else's (or an unknown one) is a 404, alike. */
    Mono<Void> remove(StaffPrincipal caller, String token) {
        checkToken(token);
        return repository
                .removeOwn(token, caller.hotel(), caller.staffId())
                .flatMap(removed -> removed ? Mono.<Void>empty() : Mono.error(DomainException.notFound("device")));
    }

    /** 1 to 4096 printable ASCII characters (FCM tokens are about 160 of {@code [A-Za-z0-9_:-]}), no spaces. */
    static void checkToken(String token) {
        if (token == null || token.isEmpty() || token.length() > MAX_TOKEN_LENGTH) {
            throw DomainException.invalid("token: must be 1 to " + MAX_TOKEN_LENGTH + " characters long");
        }
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            if (c < 0x21 || c > 0x7e) {
                throw DomainException.invalid(
                        "token: must be printable ASCII without spaces (an FCM registration token)");
            }
        }
    }

    static Platform platform(String value) {
        if (value == null) {
            throw DomainException.invalid("platform: required, one of " + Arrays.toString(Platform.values()));
        }
        try {
            return Platform.valueOf(value);
        } catch (IllegalArgumentException e) {
            throw DomainException.invalid("platform: must be one of " + Arrays.toString(Platform.values()));
        }
    }

    static String appVersion(String value) {
        if (value == null) {
            return null;
        }
        int length = TextRule.codePoints(value);
        if (value.isBlank() || length > MAX_APP_VERSION) {
            throw DomainException.invalid(
                    "appVersion: must be 1 to " + MAX_APP_VERSION + " characters and not blank (or absent)");
        }
        return value;
    }

    /** A well-formed BCP 47 tag, kept in its canonical case ({@code de-at} is stored as {@code de-AT}). */
    static String locale(String value) {
        if (value == null) {
            return null;
        }
        String tag = value.length() > MAX_LOCALE
                ? null
                : Locale.forLanguageTag(value).toLanguageTag();
        if (tag == null || tag.equals("und") || !tag.equalsIgnoreCase(value)) {
            throw DomainException.invalid(
                    "locale: must be a BCP 47 language tag such as de-AT, up to " + MAX_LOCALE + " characters");
        }
        return tag;
    }
}
