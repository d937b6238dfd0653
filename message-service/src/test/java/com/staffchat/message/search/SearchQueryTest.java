package com.staffchat.message.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.staffchat.support.problem.DomainException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The pure parts of search: prefixes in a query's text form, snippets from headlines, cursors. */
class SearchQueryTest {

    @Test
    void everyLexemeOfTwoCharactersOrMoreBecomesAPrefix() {
        assertThat(SearchQuery.withPrefixes("'towel' & 'room' <-> '312' & !'pool' | 'a'"))
                .isEqualTo("'towel':* & 'room':* <-> '312':* & !'pool':* | 'a'");
        assertThat(SearchQuery.withPrefixes("!( 'room' <-> '312' ) & 'spa'"))
                .isEqualTo("!( 'room':* <-> '312':* ) & 'spa':*");
        // quotes and backslashes inside a lexeme, astral characters counted once, labels left alone
        assertThat(SearchQuery.withPrefixes("'o''b' & 'a\\\\' & '😀' & 'x':A & '毛巾'"))
                .isEqualTo("'o''b':* & 'a\\\\':* & '😀' & 'x':A & '毛巾':*");
        assertThat(SearchQuery.withPrefixes("")).isEmpty();
        assertThatThrownBy(() -> SearchQuery.withPrefixes("'open")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aSnippetIsTheTextWithoutMarkersAndTheRangesTheyEnclosed() {
        Snippet s = Snippet.of("Bitte die \u0001Handtücher\u0002 in \u0001Zimmer\u0002 😀 \u0001x\u0002");
        assertThat(s.text()).isEqualTo("Bitte die Handtücher in Zimmer 😀 x");
        assertThat(s.highlights())
                .containsExactly(new Snippet.Range(10, 20), new Snippet.Range(24, 30), new Snippet.Range(34, 35));
        assertThat(Snippet.of("no match").highlights()).isEmpty();
        assertThat(Snippet.of("\u0001\u0002 stray \u0002").highlights()).isEmpty();
    }

    @Test
    void aCursorComesBackAsItWasAndOnlyForItsOwnSearch() {
        long fingerprint = SearchCursor.fingerprint("towel", null, "5");
        assertThat(fingerprint).isNotEqualTo(SearchCursor.fingerprint("towel", "5", null));
        SearchCursor cursor = new SearchCursor(0.0607927f, 1585247236534273L, fingerprint);
        assertThat(SearchCursor.decode(cursor.encode(), fingerprint)).isEqualTo(cursor);
        for (String bad : List.of(
                "", "abc", "!!!!", cursor.encode() + "A", cursor.encode().substring(1))) {
            assertThatThrownBy(() -> SearchCursor.decode(bad, fingerprint)).isInstanceOf(DomainException.class);
        }
        assertThatThrownBy(() -> SearchCursor.decode(cursor.encode(), fingerprint + 1))
                .isInstanceOf(DomainException.class)
                .hasMessageContaining("another search");
    }
}
