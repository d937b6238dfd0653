package com.staffchat.message.staff;

/**
 * One person as the directory lists them: {@code handle} is mentioned as {@code @handle}, their
 * department as {@code @departmentHandle} (null without a department).
 */
public record StaffEntry(
        long id,
        String displayName,
        String handle,
        String department,
        String departmentHandle,
        String title,
        boolean active) {}
