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
 * hotel outside the conversation (9), and staff 1 of another hotel (same id, other tenant).
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
        String otherHotel) {

    static final long SENDER = 1;
    static final long PARTICIPANT = 2;
    static final long DEACTIVATED = 3;
    static final long NON_PARTICIPANT = 4;
    static final long MANAGER = 9;

    /** A fresh hotel with a group of the sender, the participant and the (then deactivated) third. */
    static Callers create(ChatApi api) {
        String hotel = "hotel-" + UUID.randomUUID().toString().substring(0, 8);
        String other = "other-" + UUID.randomUUID().toString().substring(0, 8);
        String managerToken = TestTokens.manager(MANAGER, hotel);
        api.seedStaff(managerToken, SENDER, PARTICIPANT, DEACTIVATED, NON_PARTICIPANT, MANAGER);
        api.seedStaff(TestTokens.manager(MANAGER, other), SENDER, PARTICIPANT);
        String sender = TestTokens.staff(SENDER, hotel, "staff");
        long conversation = api.createGroup(sender, "Front desk", PARTICIPANT, DEACTIVATED);
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
                TestTokens.staff(SENDER, other, "staff"));
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
        return all;
    }

    /** The callers that must get a 404 for this conversation's messages (they cannot know it exists). */
    List<String> outsiders() {
        return List.of(nonParticipant, otherHotel);
    }
}
