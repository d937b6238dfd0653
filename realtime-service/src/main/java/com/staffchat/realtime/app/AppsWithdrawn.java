package com.staffchat.realtime.app;

import java.util.List;

/**
 * Published when a reload removes or disables apps, so that their open connections are closed.
 *
 * @param withdrawals each app as it was before the reload, with why it went
 */
public record AppsWithdrawn(List<Withdrawal> withdrawals) {

    /** Why an app's connections must go, with the Pusher close code they get (4000-4099: do not reconnect unchanged). */
    public enum Reason {

        /** The app (or its key) no longer exists: 4001 "Application does not exist". */
        REMOVED(4001, "Application does not exist"),

        /** The app was disabled: 4003 "Application disabled". */
        DISABLED(4003, "Application disabled");

        private final int closeCode;

        private final String message;

        Reason(int closeCode, String message) {
            this.closeCode = closeCode;
            this.message = message;
        }

        public int closeCode() {
            return closeCode;
        }

        public String message() {
            return message;
        }
    }

    /** One app whose connections must be closed. */
    public record Withdrawal(App app, Reason reason) {}
}
