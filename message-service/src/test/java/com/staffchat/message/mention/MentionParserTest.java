package com.staffchat.message.mention;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Which {@code @key}s a text offers for lookup: the parsing rule of docs/api.md, "Mentions". */
class MentionParserTest {

    @Test
    void aHandleAtTheStartInTheMiddleAndAtTheEndIsFound() {
        assertThat(MentionParser.keys("@anna please")).containsExactly("anna");
        assertThat(MentionParser.keys("please @anna check")).containsExactly("anna");
        assertThat(MentionParser.keys("thanks @anna")).containsExactly("anna");
    }

    @Test
    void trailingPunctuationIsNotPartOfTheHandle() {
        assertThat(MentionParser.keys("@anna, room 12")).containsExactly("anna");
        assertThat(MentionParser.keys("ask @anna.")).containsExactly("anna");
        assertThat(MentionParser.keys("@anna!? @bob: @carl; (@dora) \"@eve\" @fay's @gil..."))
                .containsExactly("anna", "bob", "carl", "dora", "eve", "fay", "gil");
        assertThat(MentionParser.keys("@bob.k.")).containsExactly("bob.k");
        assertThat(MentionParser.keys("@front-desk-")).containsExactly("front-desk");
    }

    @Test
    void handlesInsideAHandleKeepTheirDotsDashesAndUnderscores() {
        assertThat(MentionParser.keys("@m.gustave @zero_m @front-desk"))
                .containsExactly("m.gustave", "zero_m", "front-desk");
    }

    @Test
    void anEmailAddressOrAnAtInsideAWordIsNoMention() {
        assertThat(MentionParser.keys("write to bob@example.com")).isEmpty();
        assertThat(MentionParser.keys("x@y")).isEmpty();
        assertThat(MentionParser.keys("a.b@anna c_d@anna e-f@anna g+h@anna")).isEmpty();
        assertThat(MentionParser.keys("café@anna")).isEmpty();
        assertThat(MentionParser.keys("@@anna")).isEmpty();
    }

    @Test
    void anAtWithoutAHandleIsNoMention() {
        assertThat(MentionParser.keys("meet @ 10")).isEmpty();
        assertThat(MentionParser.keys("@")).isEmpty();
        assertThat(MentionParser.keys("@.anna @-anna @_anna")).isEmpty();
        assertThat(MentionParser.keys("no at sign at all")).isEmpty();
    }

    @Test
    void caseAndWidthDoNotCount() {
        assertThat(MentionParser.keys("@ANNA @Anna @anna")).containsExactly("anna");
        assertThat(MentionParser.keys("\uFF20ＡＮＮＡ")).containsExactly("anna"); // full-width @ANNA
        assertThat(MentionParser.keys("@All @HOUSEKEEPING")).containsExactly("all", "housekeeping");
    }

    @Test
    void handlesOfAnyScriptAreFound() {
        assertThat(MentionParser.keys("@zoë @Ирина @小王 ok")).containsExactly("zoë", "ирина", "小王");
        assertThat(MentionParser.keys("line one\n@anna\tline two")).containsExactly("anna");
    }
}
