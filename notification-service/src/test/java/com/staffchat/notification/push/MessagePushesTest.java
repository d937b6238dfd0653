package com.staffchat.notification.push;

import static org.assertj.core.api.Assertions.assertThat;

import com.staffchat.events.AttachmentSummary;
import com.staffchat.events.ConversationKind;
import com.staffchat.notification.preference.PushKind;
import com.staffchat.notification.projection.ConversationTitles.Title;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a new-message push shows and which kind of push preferences see it as. */
class MessagePushesTest {

    static final AttachmentSummary PHOTO = new AttachmentSummary("a", "pool.jpg", "image/jpeg", 10);
    static final AttachmentSummary PDF = new AttachmentSummary("b", "menu.pdf", "application/pdf", 10);

    @Test
    void thePreviewIsTheTextOrWhatKindOfFileCameWithout() {
        assertThat(MessagePushes.preview("  Room 12 needs towels \n", List.of(PHOTO)))
                .isEqualTo("Room 12 needs towels");
        assertThat(MessagePushes.preview("", List.of(PHOTO, PHOTO))).isEqualTo("📎 photo");
        assertThat(MessagePushes.preview(" ", List.of(PHOTO, PDF))).isEqualTo("📎 file");
        assertThat(MessagePushes.preview(null, List.of(PDF))).isEqualTo("📎 file");
        assertThat(MessagePushes.preview("", List.of())).isNull();
    }

    @Test
    void theTitleIsTheConversationsOrSaysWhatItIs() {
        assertThat(MessagePushes.title(new Title(ConversationKind.GROUP, "Front desk")))
                .isEqualTo("Front desk");
        assertThat(MessagePushes.title(new Title(ConversationKind.DIRECT, null)))
                .isEqualTo("Direct message");
        assertThat(MessagePushes.title(new Title(ConversationKind.GROUP, " "))).isEqualTo("New message");
        assertThat(MessagePushes.title(Title.UNKNOWN)).isEqualTo("New message");
    }

    @Test
    void aDirectConversationIsDirectAndAMentionIsAMention() {
        assertThat(MessagePushes.kind(ConversationKind.DIRECT, List.of(), 7)).isEqualTo(PushKind.DIRECT_MESSAGE);
        assertThat(MessagePushes.kind(ConversationKind.DIRECT, List.of(7L), 7)).isEqualTo(PushKind.DIRECT_MESSAGE);
        assertThat(MessagePushes.kind(ConversationKind.GROUP, List.of(7L), 7)).isEqualTo(PushKind.MENTION);
        assertThat(MessagePushes.kind(ConversationKind.GROUP, List.of(8L), 7)).isEqualTo(PushKind.MESSAGE);
        assertThat(MessagePushes.kind(null, List.of(), 7)).isEqualTo(PushKind.MESSAGE);
    }
}
