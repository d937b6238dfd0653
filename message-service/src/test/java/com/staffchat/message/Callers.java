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
 * participant removed from the group right after it was created (5).
 *
 * <p>{@link #create} removes them through the API: the removal is the group's first message (a
 * SYSTEM message, seq 1), unread for the participant and the deactivated one. {@link
 * #createRemovedInDatabase} removes them with the same SQL the API runs (participant row deleted,
 * departure recorded) but without the system message, for the older test classes whose seqs,
 * unread counts and event counts start from an empty conversation;
 * ParticipantsIntegrationTest proves the API leaves exactly that membership state.
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

    /** A fresh hotel with a group of the sender, the participant and the (then deactivated) third; 5 removed by the API. */
    static Callers create(ChatApi api) {
        return create(api, (hotel, conversation) -> api.removeParticipant(
                        TestTokens.staff(SENDER, hotel, "staff"), conversation, REMOVED)
                .expectStatus()
                .isNoContent());
    }

    /** The same, with 5 removed by the API's SQL (no system message: the conversation has no messages yet). */
    static Callers createRemovedInDatabase(ChatApi api, org.springframework.r2dbc.core.DatabaseClient db) {
        return create(api, (hotel, conversation) -> db.sql("""
                        with gone as (
                            delete from participant where hotel = :hotel and conversation_id = :c and staff_id = :s
                            returning staff_id)
                        insert into participant_departure (conversation_id, hotel, staff_id, removed_by)
                        select :c, :hotel, staff_id, :by from gone""")
                .bind("hotel", hotel)
                .bind("c", conversation)
                .bind("s", REMOVED)
                .bind("by", SENDER)
                .then()
                .block(java.time.Duration.ofSeconds(10)));
    }

    private static Callers create(ChatApi api, java.util.function.BiConsumer<String, Long> removal) {
        String hotel = "hotel-" + UUID.randomUUID().toString().substring(0, 8);
        String other = "other-" + UUID.randomUUID().toString().substring(0, 8);
        String managerToken = TestTokens.manager(MANAGER, hotel);
        api.seedStaff(managerToken, SENDER, PARTICIPANT, DEACTIVATED, NON_PARTICIPANT, MANAGER, REMOVED);
        api.seedStaff(TestTokens.manager(MANAGER, other), SENDER, PARTICIPANT);
        String sender = TestTokens.staff(SENDER, hotel, "staff");
        long conversation = api.createGroup(sender, "Front desk", PARTICIPANT, DEACTIVATED, REMOVED);
        removal.accept(hotel, conversation);
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
