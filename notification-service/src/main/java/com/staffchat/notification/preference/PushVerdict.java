package com.staffchat.notification.preference;

/** Whether a person's preferences let a push through, and if not, why (the reason the push metric records). */
public enum PushVerdict {
    SEND,
    /** their push level excludes it (NONE, or MENTIONS_AND_DIRECT for a plain group message) */
    PREFERENCE,
    /** it is within their quiet hours, in their time zone */
    QUIET_HOURS,
    /** they muted the conversation and it is neither a mention nor a direct message */
    MUTED
}
