package com.staffchat.message.reaction;

import static org.assertj.core.api.Assertions.assertThat;

import com.ibm.icu.text.UnicodeSet;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Exactly one emoji, in its one stored form; anything else is refused. */
class EmojiTest {

    /** The seed's ten quick reactions, as its picker sends them. */
    static final List<String> QUICK = List.of("👍", "❤️", "😊", "😂", "😮", "😢", "🎉", "🔥", "✅", "👏");

    @Test
    void theTenQuickReactionsOfTheSeedAreValidAsSent() {
        for (String emoji : QUICK) {
            assertThat(Emoji.canonical(emoji)).as(emoji).contains(emoji);
        }
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "👍🏽", // skin tone: 1F44D 1F3FD
                "👨‍👩‍👧‍👦", // family, ZWJ sequence of 7 code points
                "👩🏻‍❤️‍💋‍👨🏼", // kiss with two skin tones
                "🏳️‍🌈", // rainbow flag: ZWJ with a text-default base
                "🇭🇺", // flag: two regional indicators
                "🇯🇵",
                "1️⃣", // keycap: 31 FE0F 20E3
                "#️⃣",
                "🏴\uDB40\uDC67\uDB40\uDC62\uDB40\uDC73\uDB40\uDC63\uDB40\uDC74\uDB40\uDC7F", // Scotland, tag sequence
                "🙂‍↔️", // Emoji 15.1
                "🫩", // Emoji 16.0
                "©️",
                "☝🏽", // text-default base with a modifier: no FE0F between them
                "🧑‍🍳",
                "😀",
                "🏽" // a skin-tone swatch alone is an RGI emoji too (Basic_Emoji)
            })
    void singleEmojiOfEveryKindAreValidAndKeptAsTheyAre(String emoji) {
        assertThat(Emoji.canonical(emoji)).contains(emoji);
    }

    @Test
    void everyRgiEmojiOfTheUnicodeDataIsValidAndAlreadyInItsStoredForm() {
        UnicodeSet rgi = new UnicodeSet("[:RGI_Emoji:]");
        List<String> all = new ArrayList<>();
        for (String s : rgi) {
            all.add(s);
        }
        assertThat(all).hasSizeGreaterThan(3500);
        List<String> changed = all.stream()
                .filter(s -> !Emoji.canonical(s).filter(s::equals).isPresent())
                .toList();
        assertThat(changed).isEmpty();
    }

    @Test
    void aMissingOrSurplusVariationSelectorGivesTheOneStoredForm() {
        assertThat(Emoji.canonical("\u2764")).contains("❤️"); // ❤ without VS16, as some keyboards send it
        assertThat(Emoji.canonical("\u2764\uFE0E")).contains("❤️"); // text presentation asked for
        assertThat(Emoji.canonical("\u00A9")).contains("©️");
        assertThat(Emoji.canonical("1\u20E3")).contains("1️⃣"); // keycap without VS16
        assertThat(Emoji.canonical("\u263A")).contains("☺️");
        assertThat(Emoji.canonical("👍\uFE0F")).contains("👍"); // over-qualified
        assertThat(Emoji.canonical("🏳\u200D🌈")).contains("🏳️‍🌈"); // ZWJ sequence missing its VS16
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                " ",
                "👍👍", // two emoji
                "👍❤️",
                "🇭🇺🇯🇵", // two flags
                "ok", // a word
                "a",
                "1", // a digit has the Emoji property but is not an emoji
                "#",
                "ok 👍", // text and emoji
                "👍 ",
                " 👍",
                "👍\u200D", // trailing ZWJ
                "\u200D",
                "\uFE0F",
                "🇦🇦", // regional indicators that are no country
                "🇭", // one regional indicator
                "\u0000",
                "👍\u0000",
                "\uD83D", // lone high surrogate
                "\uDC4D", // lone low surrogate
                "\uDC4D\uD83D", // reversed pair
                ":thumbsup:",
                "<3"
            })
    void anythingButExactlyOneEmojiIsRefused(String text) {
        assertThat(Emoji.canonical(text)).as("U+%s", codePoints(text)).isEmpty();
    }

    @Test
    void nullAndOverLongAreRefused() {
        assertThat(Emoji.canonical(null)).isEmpty();
        assertThat(Emoji.canonical("👍".repeat(40))).isEmpty();
        assertThat(Emoji.canonical("\uFE0F".repeat(100) + "👍")).isEmpty();
    }

    @Test
    void theEmojiDataIsRecentEnoughForEmoji16() {
        assertThat(Emoji.unicodeVersion().getMajor()).isGreaterThanOrEqualTo(16);
    }

    private static String codePoints(String s) {
        return s.codePoints()
                .mapToObj(Integer::toHexString)
                .reduce((a, b) -> a + " " + b)
                .orElse("");
    }
}
