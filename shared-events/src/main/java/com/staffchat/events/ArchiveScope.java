package com.staffchat.events;

/** Who an archive applies to. */
public enum ArchiveScope {
    SELF,
    ALL
}
