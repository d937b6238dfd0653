package com.staffchat.message.staff;

import com.staffchat.support.problem.DomainException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Works out the handle of every person in one directory change, against the hotel as it will be
 * after it: a handle given is checked ({@link Handles#problem}, not a department's key, not taken by
 * anyone else: 409), a person given none keeps theirs, a new person given none gets one derived from
 * the display name and numbered until it is free ({@code anna}, {@code anna2}, …).
 */
final class HandleAssignment {

    /** One person as stored now. */
    record Person(long id, String handle, String department) {}

    private HandleAssignment() {}

    static Map<Long, String> assign(List<Person> hotelStaff, List<StaffMember> members) {
        Map<Long, Person> stored = new HashMap<>();
        hotelStaff.forEach(p -> stored.put(p.id(), p));
        Set<Long> changed = new HashSet<>();
        members.forEach(m -> changed.add(m.id()));

        // the departments and handles of the hotel after this change
        Set<String> departments = new HashSet<>();
        Map<String, Long> taken = new HashMap<>();
        for (Person p : hotelStaff) {
            if (!changed.contains(p.id())) {
                addKey(departments, Handles.departmentKey(p.department()));
                taken.put(p.handle(), p.id());
            }
        }
        members.forEach(m -> addKey(departments, Handles.departmentKey(m.department())));

        Map<Long, String> handles = new HashMap<>();
        for (StaffMember m : members) { // the ones kept
            Person before = stored.get(m.id());
            if (m.handle() == null && before != null) {
                handles.put(m.id(), before.handle());
                taken.put(before.handle(), m.id());
            }
        }
        Set<Long> given = new HashSet<>();
        for (StaffMember m : members) { // the ones given
            if (m.handle() == null) {
                continue;
            }
            given.add(m.id());
            String handle = Handles.normalize(m.handle());
            String problem = Handles.problem(handle);
            if (problem == null && departments.contains(handle)) {
                problem = "'" + handle + "' is a department's handle";
            }
            if (problem != null) {
                throw DomainException.invalid("handle of staff " + m.id() + ": " + problem);
            }
            Long holder = taken.putIfAbsent(handle, m.id());
            if (holder != null && holder != m.id().longValue()) {
                throw given.contains(holder)
                        ? DomainException.invalid("handle '" + handle + "' is given to staff " + holder + " and "
                                + m.id() + " in this change")
                        : DomainException.conflict("handle '" + handle + "' is taken by staff " + holder);
            }
            handles.put(m.id(), handle);
        }
        for (StaffMember m : members) { // the ones made
            if (handles.containsKey(m.id())) {
                continue;
            }
            String base = Handles.derive(m.displayName(), m.id());
            String handle = base;
            for (int n = 2; departments.contains(handle) || taken.containsKey(handle); n++) {
                handle = Handles.numbered(base, n);
            }
            taken.put(handle, m.id());
            handles.put(m.id(), handle);
        }
        return handles;
    }

    private static void addKey(Set<String> keys, String key) {
        if (key != null) {
            keys.add(key);
        }
    }
}
