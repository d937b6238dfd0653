package com.staffchat.message.conversation;

import com.staffchat.events.SystemNote;
import java.util.List;
import java.util.Map;

/** The English sentence of a system message, with the directory's display names ("Anna added Ben and Carl."). */
final class SystemSentences {

    private SystemSentences() {}

    static String of(SystemNote note, Map<Long, String> names) {
        String actor = name(note.actorId(), names);
        String them = list(note.staffIds(), names);
        return switch (note.action()) {
            case PARTICIPANTS_ADDED -> actor + " added " + them + ".";
            case PARTICIPANTS_REMOVED -> actor + " removed " + them + ".";
            case PARTICIPANT_LEFT -> actor + " left.";
            case ROLE_CHANGED ->
                note.staffIds().equals(List.of(note.actorId()))
                        ? actor + (admin(note) ? " became an admin." : " is no longer an admin.")
                        : actor + " made " + them + (admin(note) ? " an admin." : " a member.");
            case ADMIN_ASSIGNED -> them + " is now an admin: the group had no admin left.";
            case TITLE_CHANGED -> actor + " renamed the group to \u201c" + note.title() + "\u201d.";
        };
    }

    private static boolean admin(SystemNote note) {
        return "ADMIN".equals(note.role());
    }

    private static String name(long id, Map<Long, String> names) {
        String name = names.get(id);
        return name == null || name.isBlank() ? "Staff member " + id : name;
    }

    private static String list(List<Long> ids, Map<Long, String> names) {
        List<String> all = ids.stream().map(id -> name(id, names)).toList();
        if (all.size() <= 1) {
            return all.isEmpty() ? "" : all.get(0);
        }
        return String.join(", ", all.subList(0, all.size() - 1)) + " and " + all.get(all.size() - 1);
    }
}
