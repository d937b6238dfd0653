package com.staffchat.support.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.benmanes.caffeine.cache.Ticker;
import com.staffchat.testsupport.TestTokens;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import reactor.core.publisher.Mono;

/**
 * The token cache in front of the real decoder (Nimbus, HS256, the validators every service uses):
 * what it keeps, for how long, and that it never accepts what the decoder would refuse.
 */
class CachingJwtDecoderTest {

    private final Instant start = Instant.now();
    private final AtomicLong elapsedNanos = new AtomicLong();
    private final Ticker ticker = () -> elapsedNanos.get();
    private final AtomicInteger verified = new AtomicInteger();

    /** The decoder each service is configured with, counting the tokens it is asked to verify. */
    private final ReactiveJwtDecoder real = StaffSecurityAutoConfiguration.verifyingDecoder(
            new SecurityProperties(TestTokens.SECRET, List.of(), null, null, null));

    private final ReactiveJwtDecoder counting = token -> {
        verified.incrementAndGet();
        return real.decode(token);
    };

    private Clock clock() {
        return new Clock() {
            @Override
            public Instant instant() {
                return start.plusNanos(elapsedNanos.get());
            }

            @Override
            public java.time.ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }
        };
    }

    private CachingJwtDecoder cache(Duration maxAge) {
        return new CachingJwtDecoder(counting, 100, maxAge, clock(), ticker);
    }

    private void advance(Duration by) {
        elapsedNanos.addAndGet(by.toNanos());
    }

    private static String expiringIn(long seconds) {
        return TestTokens.mint(
                TestTokens.SECRET,
                "7",
                "grand-budapest",
                List.of("staff"),
                Instant.now().plusSeconds(seconds));
    }

    @Test
    void anAcceptedTokenIsVerifiedOnceAndServedAgainAsTheSameClaims() {
        CachingJwtDecoder decoder = cache(Duration.ofMinutes(5));
        String token = expiringIn(3600);

        Jwt first = decoder.decode(token).block();
        Jwt second = decoder.decode(token).block();

        assertThat(second).isSameAs(first);
        assertThat(second.getSubject()).isEqualTo("7");
        assertThat(second.getClaimAsString("hotel")).isEqualTo("grand-budapest");
        assertThat(verified).hasValue(1);
    }

    @Test
    void aRefusedTokenIsNeverKeptAndIsRefusedEveryTime() {
        CachingJwtDecoder decoder = cache(Duration.ofMinutes(5));
        String forged = TestTokens.forged(7, "grand-budapest");
        String expired = TestTokens.expired(7, "grand-budapest");

        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> decoder.decode(forged).block()).isInstanceOf(JwtException.class);
            assertThatThrownBy(() -> decoder.decode(expired).block()).isInstanceOf(JwtException.class);
        }
        assertThat(verified).hasValue(6);
    }

    @Test
    void aTokenThatDiffersInOneCharacterIsVerifiedOnItsOwn() {
        CachingJwtDecoder decoder = cache(Duration.ofMinutes(5));
        String token = expiringIn(3600);
        decoder.decode(token).block();

        // a character inside the signature (the last one carries unused bits: changing it may decode to the same bytes)
        int at = token.length() - 10;
        char c = token.charAt(at);
        String tampered = token.substring(0, at) + (c == 'A' ? 'B' : 'A') + token.substring(at + 1);

        assertThatThrownBy(() -> decoder.decode(tampered).block()).isInstanceOf(BadJwtException.class);
        assertThat(verified).hasValue(2);
    }

    @Test
    void anEntryEndsAtTheTokensExpiryAndTheDecoderDecidesAgain() {
        CachingJwtDecoder decoder = cache(Duration.ofMinutes(5));
        String token = expiringIn(120);
        decoder.decode(token).block();

        advance(Duration.ofSeconds(110));
        decoder.decode(token).block();
        assertThat(verified).as("still cached before exp").hasValue(1);

        advance(Duration.ofSeconds(15)); // past exp on the cache's clock
        decoder.decode(token).block(); // the real decoder's clock (and its 60 s skew) decide now
        assertThat(verified).as("verified again after exp").hasValue(2);
    }

    @Test
    void aLongLivedTokenIsVerifiedAgainAfterTheMaximumAge() {
        CachingJwtDecoder decoder = cache(Duration.ofMinutes(5));
        String token = expiringIn(86_400);
        decoder.decode(token).block();

        advance(Duration.ofMinutes(4));
        decoder.decode(token).block();
        assertThat(verified).hasValue(1);

        advance(Duration.ofMinutes(2));
        decoder.decode(token).block();
        assertThat(verified).hasValue(2);
    }

    @Test
    void aTokenNotValidYetIsNotKept() {
        CachingJwtDecoder decoder = cache(Duration.ofMinutes(5));
        long now = Instant.now().getEpochSecond();
        // nbf 30 s ahead: within the decoder's 60 s clock skew, so it is accepted, but not kept
        String early = TestTokens.withClaims(
                "{\"sub\":\"7\",\"hotel\":\"grand-budapest\",\"nbf\":" + (now + 30) + ",\"exp\":" + (now + 3600) + "}");

        decoder.decode(early).block();
        decoder.decode(early).block();

        assertThat(verified).hasValue(2);
    }

    @Test
    void theConfiguredDecoderCaches() {
        ReactiveJwtDecoder configured = new StaffSecurityAutoConfiguration()
                .staffJwtDecoder(new SecurityProperties(TestTokens.SECRET, List.of(), null, null, null));
        assertThat(configured).isInstanceOf(CachingJwtDecoder.class);
        assertThat(Mono.from(configured.decode(expiringIn(60))).block().getSubject())
                .isEqualTo("7");
    }
}
