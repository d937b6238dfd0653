package com.staffchat.message.message;

import static org.assertj.core.api.Assertions.assertThat;

import com.staffchat.events.AttachmentSummary;
import com.staffchat.events.ReactionSummary;
import com.staffchat.events.ReplyPreview;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class MessageViewTest {

    static final Instant SENT = Instant.parse("2026-11-24T08:21:02.010Z");

    @Test
    void aDeletedMessageShowsNothingOfItsContentWhoeverBuildsIt() {
        MessageView view = new MessageView(
                7,
                3,
                2,
                1,
                "the secret text",
                new ReplyPreview(5, 2, "Which room?"),
                List.of(2L),
                List.of(new ReactionSummary("👍", 1, List.of(2L))),
                List.of(new AttachmentSummary("a9", "plan.pdf", "application/pdf", 100)),
                "c-1",
                SENT,
                SENT.plusSeconds(5),
                SENT.plusSeconds(60));
        assertThat(view)
                .isEqualTo(new MessageView(
                        7,
                        3,
                        2,
                        1,
                        "[Message deleted]",
                        null,
                        List.of(),
                        List.of(),
                        List.of(),
                        "c-1",
                        SENT,
                        null,
                        SENT.plusSeconds(60)));
    }

    @Test
    void aMessageNotDeletedKeepsItsContent() {
        MessageView view = new MessageView(
                7, 3, 2, 1, "text", new ReplyPreview(5, 2, "q"), List.of(2L), null, null, null, SENT, SENT, null);
        assertThat(view.body()).isEqualTo("text");
        assertThat(view.replyTo()).isNotNull();
        assertThat(view.mentions()).containsExactly(2L);
        assertThat(view.editedAt()).isEqualTo(SENT);
    }
}
