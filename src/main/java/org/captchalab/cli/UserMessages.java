package org.captchalab.cli;

import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import org.captchalab.model.NativeMemory;

/** Turns an exception into the one line a user sees; the stack trace goes to the log only. */
public final class UserMessages {

    private UserMessages() {
    }

    public static String oneLine(Throwable e) {
        Throwable t = e;
        while (t.getMessage() == null && t.getCause() != null) {
            t = t.getCause();
        }
        String msg = t.getMessage() != null ? t.getMessage() : t.getClass().getSimpleName();
        if (t instanceof AccessDeniedException a) {
            msg = a.getFile() + ": permission denied";
        } else if (t instanceof NoSuchFileException n && n.getReason() == null) {
            msg = n.getFile() + ": no such file or folder";
        } else if (t instanceof OutOfMemoryError) {
            msg = "out of memory: lower --batch, or give Java more with -Xmx";
        } else if (NativeMemory.isOutOfMemory(e)) {
            msg = "out of memory: lower --batch, or free some memory";
        }
        int nl = msg.indexOf('\n');
        return nl >= 0 ? msg.substring(0, nl) : msg;
    }
}
