package com.staffchat.support.security;

import java.util.Set;

/** The authenticated caller: a staff member of one hotel, taken from the JWT and never from the request body. */
public record StaffPrincipal(long staffId, String hotel, Set<String> roles) {

    public static final String MANAGER = "manager";
    public static final String ADMIN = "admin";

    public StaffPrincipal {
        roles = Set.copyOf(roles);
    }

    public boolean hasRole(String role) {
        return roles.contains(role);
    }

    /** Managers and admins may run the hotel's directory and moderate. */
    public boolean isManager() {
        return hasRole(MANAGER) || hasRole(ADMIN);
    }
}
