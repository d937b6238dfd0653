package com.staffchat.message;

import com.staffchat.testsupport.TestTokens;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The six callers every endpoint on a conversation's messages is tried as, in a hotel of their own:
 * the sender (staff 1, who created the group), another participant (2), a participant who has since
 * been deactivated (3), a staff member of the hotel outside the conversation (4), a manager of the
 * hotel outside the conversation (9), staff 1 of another hotel (same id, other tenant), and a
 * participant who was removed from the group through the API right after it was created (5): the
 * removal is the group's first message (a SYSTEM message, seq 1), which the participant and the
 * deactivated one have read, so every unread count starts at 0 and the first message sent is seq 2.
 */
record Callers(
        ChatApi api,
        String hotel,
        long conversationId,
        String sender,
        String participant,
        String deactivated,
        String nonParticipant,
        String manager,
        String otherHotel,
        String removed) {

    static final long SENDER = 1;
    static final long PARTICIPANT = 2;
    static final long DEACTIVATED = 3;
    static final long NON_PARTICIPANT = 4;
    static final long MANAGER = 9;
    static final long REMOVED = 5;

    /** The seq of the group's last message when the fixture is ready (the removal's system message). */
    static final long FIRST_SEQ = 1;

    /** A fresh hotel with a group of the sender, the participant and the (then deactivated) third. */
    static Callers create(ChatApi api) {
        String hotel = "hotel-" + UUID.randomUUID().toString().substring(0, 8);
        String other = "other-" + UUID.randomUUID().toString().substring(0, 8);
        String managerToken = TestTokens.manager(MANAGER, hotel);
        api.seedStaff(managerToken, SENDER, PARTICIPANT, DEACTIVATED, NON_PARTICIPANT, MANAGER, REMOVED);
        api.seedStaff(TestTokens.manager(MANAGER, other), SENDER, PARTICIPANT);
        String sender = TestTokens.staff(SENDER, hotel, "staff");
        long conversation = api.createGroup(sender, "Front desk", PARTICIPANT, DEACTIVATED, REMOVED);
        api.removeParticipant(sender, conversation, REMOVED).expectStatus().isNoContent();
        api.markRead(TestTokens.staff(PARTICIPANT, hotel, "staff"), conversation, FIRST_SEQ)
                .expectStatus()
                .isOk();
        api.markRead(TestTokens.staff(DEACTIVATED, hotel, "staff"), conversation, FIRST_SEQ)
                .expectStatus()
                .isOk();
        api.setActive(managerToken, DEACTIVATED, false);
        return new Callers(
                api,
                hotel,
                conversation,
                sender,
                TestTokens.staff(PARTICIPANT, hotel, "staff"),
                TestTokens.staff(DEACTIVATED, hotel, "staff"),
                TestTokens.staff(NON_PARTICIPANT, hotel, "staff"),
                managerToken,
                TestTokens.staff(SENDER, other, "staff"),
                TestTokens.staff(REMOVED, hotel, "staff"));
    }

    /** Every caller by name, in a stable order, for tests that loop over them. */
    Map<String, String> all() {
        Map<String, String> all = new LinkedHashMap<>();
        all.put("sender", sender);
        all.put("participant", participant);
        all.put("deactivated", deactivated);
        all.put("non-participant", nonParticipant);
        all.put("manager", manager);
        all.put("other-hotel", otherHotel);
        all.put("removed", removed);
        return all;
    }

    /** The callers that must get a 404 for this conversation's messages (they cannot know it exists). */
    List<String> outsiders() {
        return List.of(nonParticipant, otherHotel, removed);
    }
}
