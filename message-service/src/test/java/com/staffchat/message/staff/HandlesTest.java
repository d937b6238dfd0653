package com.staffchat.message.staff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.staffchat.support.problem.DomainException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The handle rule: what a handle may be, department keys, derived handles, and one change's assignment. */
class HandlesTest {

    @Test
    void aHandleIsTwoToThirtyTwoLettersDigitsAndInnerPunctuation() {
        assertThat(Handles.problem("anna")).isNull();
        assertThat(Handles.problem("m.gustave")).isNull();
        assertThat(Handles.problem("zero_m-2")).isNull();
        assertThat(Handles.problem("ирина")).isNull();
        assertThat(Handles.problem("a".repeat(32))).isNull();
        assertThat(Handles.problem("a")).contains("2 to 32");
        assertThat(Handles.problem("a".repeat(33))).contains("2 to 32");
        assertThat(Handles.problem("an na")).contains("letters, digits");
        assertThat(Handles.problem(".anna")).contains("letters, digits");
        assertThat(Handles.problem("anna-")).contains("letters, digits");
        assertThat(Handles.problem("an@na")).contains("letters, digits");
        assertThat(Handles.problem("all")).contains("reserved");
        assertThat(Handles.problem("here")).contains("reserved");
    }

    @Test
    void aDepartmentIsMentionedByItsLowerCaseSlug() {
        assertThat(Handles.departmentKey("Housekeeping")).isEqualTo("housekeeping");
        assertThat(Handles.departmentKey("Front Desk")).isEqualTo("front-desk");
        assertThat(Handles.departmentKey(" Food & Beverage ")).isEqualTo("food-beverage");
        assertThat(Handles.departmentKey("***")).isNull();
        assertThat(Handles.departmentKey(null)).isNull();
    }

    @Test
    void aHandleIsDerivedFromTheDisplayName() {
        assertThat(Handles.derive("M. Gustave", 1)).isEqualTo("m.gustave");
        assertThat(Handles.derive("Zero Moustafa", 2)).isEqualTo("zero.moustafa");
        assertThat(Handles.derive("Staff 7", 7)).isEqualTo("staff.7");
        assertThat(Handles.derive("Zoë", 3)).isEqualTo("zoë");
        assertThat(Handles.derive("A", 4)).isEqualTo("staff4");
        assertThat(Handles.derive("All", 5)).isEqualTo("staff5");
        assertThat(Handles.derive("!!!", 6)).isEqualTo("staff6");
        assertThat(Handles.derive("Maximilian Alexander von Habsburg-Lothringen", 8))
                .isEqualTo("maximilian.alexander.von.habsbur");
        assertThat(Handles.numbered("a".repeat(32), 12)).isEqualTo("a".repeat(30) + "12");
    }

    @Test
    void oneChangeAssignsGivenKeptAndDerivedHandles() {
        List<HandleAssignment.Person> stored = List.of(
                new HandleAssignment.Person(1, "anna", "Housekeeping"), new HandleAssignment.Person(2, "bob", null));
        Map<Long, String> handles = HandleAssignment.assign(
                stored,
                List.of(
                        member(2, "Bob", null, null), // keeps bob
                        member(3, "Anna", null, null), // anna is taken: anna2
                        member(4, "Carl", "Carl.X", null), // given, lower-cased
                        member(5, "Housekeeping", null, null))); // a department's key: numbered
        assertThat(handles).containsEntry(2L, "bob").containsEntry(3L, "anna2").containsEntry(4L, "carl.x");
        assertThat(handles).containsEntry(5L, "housekeeping2");
    }

    @Test
    void twoPeopleMaySwapHandlesInOneChange() {
        List<HandleAssignment.Person> stored =
                List.of(new HandleAssignment.Person(1, "anna", null), new HandleAssignment.Person(2, "bob", null));
        assertThat(HandleAssignment.assign(stored, List.of(member(1, "A", "bob", null), member(2, "B", "anna", null))))
                .containsEntry(1L, "bob")
                .containsEntry(2L, "anna");
    }

    @Test
    void aTakenReservedOrDepartmentHandleIsRefused() {
        List<HandleAssignment.Person> stored = List.of(
                new HandleAssignment.Person(1, "anna", "Housekeeping"), new HandleAssignment.Person(2, "bob", null));
        assertThatThrownBy(() -> HandleAssignment.assign(stored, List.of(member(3, "X", "ANNA", null))))
                .isInstanceOf(DomainException.Conflict.class)
                .hasMessageContaining("taken by staff 1");
        assertThatThrownBy(() -> HandleAssignment.assign(stored, List.of(member(2, "B", "anna", null))))
                .isInstanceOf(DomainException.Conflict.class);
        assertThatThrownBy(() -> HandleAssignment.assign(stored, List.of(member(3, "X", "housekeeping", null))))
                .isInstanceOf(DomainException.Invalid.class)
                .hasMessageContaining("department");
        assertThatThrownBy(() -> HandleAssignment.assign(stored, List.of(member(3, "X", "all", null))))
                .isInstanceOf(DomainException.Invalid.class)
                .hasMessageContaining("reserved");
        assertThatThrownBy(() -> HandleAssignment.assign(
                        stored, List.of(member(3, "X", "carl", null), member(4, "Y", "Carl", null))))
                .isInstanceOf(DomainException.Invalid.class)
                .hasMessageContaining("in this change");
        // the one who keeps a handle in this change holds it
        assertThatThrownBy(() -> HandleAssignment.assign(
                        stored, List.of(member(1, "A", null, null), member(3, "X", "anna", null))))
                .isInstanceOf(DomainException.Conflict.class);
    }

    private static StaffMember member(long id, String name, String handle, String department) {
        return new StaffMember(id, name, handle, department, null, true);
    }
}
