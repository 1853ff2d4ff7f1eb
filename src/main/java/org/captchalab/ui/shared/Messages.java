package org.captchalab.ui.shared;

/** Turns exceptions into one plain line for the user; the stack trace only goes to the log. */
public final class Messages {

    private Messages() {
    }

    public static String oneLine(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root
                && (root.getMessage() == null || root instanceof java.util.concurrent.ExecutionException
                || root.getClass() == RuntimeException.class && root.getCause() != null)) {
            root = root.getCause();
        }
        String msg = root.getMessage();
        if (msg == null || msg.isBlank()) {
            msg = root.getClass().getSimpleName();
        }
        int nl = msg.indexOf('\n');
        return nl < 0 ? msg : msg.substring(0, nl);
    }
}
