package com.staffchat.realtime.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ChannelNameTest {

    @ParameterizedTest
    @CsvSource({
        "hotel-42, PUBLIC",
        "private-hotel-42, PRIVATE",
        "presence-hotel-42, PRESENCE",
        "private-encrypted-hotel-42, PRIVATE_ENCRYPTED",
        "privatehotel, PUBLIC",
        "presencehotel, PUBLIC",
        "private-encryptedhotel, PRIVATE",
        "cache-private-x, PUBLIC",
        "Private-x, PUBLIC"
    })
    void kindComesFromTheWholePrefixIncludingItsDash(String name, ChannelKind kind) {
        assertThat(ChannelName.of(name).kind()).isEqualTo(kind);
    }

    @Test
    void acceptsPushersWholeCharacterSetUpTo164Characters() {
        assertThat(ChannelName.of("A-Za-z0-9_-=@,.;").value()).isEqualTo("A-Za-z0-9_-=@,.;");
        assertThat(ChannelName.of("c".repeat(164)).value()).hasSize(164);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "hotel 42", "hotel#42", "hotel/42", "hötel", "private-x:y", "a*b"})
    void refusesNamesOutsideTheCharacterSet(String name) {
        assertThatIllegalArgumentException().isThrownBy(() -> ChannelName.of(name));
    }

    @Test
    void refusesNamesLongerThan164Characters() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> ChannelName.of("c".repeat(165)))
                .withMessage("Channel name is 165 characters long, the limit is 164");
    }

    @Test
    void onlyPrivateAndPresenceChannelsAcceptClientEvents() {
        assertThat(ChannelKind.PRIVATE.acceptsClientEvents()).isTrue();
        assertThat(ChannelKind.PRESENCE.acceptsClientEvents()).isTrue();
        assertThat(ChannelKind.PRIVATE_ENCRYPTED.acceptsClientEvents()).isFalse();
        assertThat(ChannelKind.PUBLIC.acceptsClientEvents()).isFalse();
    }
}
