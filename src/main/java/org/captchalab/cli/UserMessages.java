package org.captchalab.cli;

import org.captchalab.dataset.ErrorLines;
import org.captchalab.model.NativeMemory;

/** Turns an exception into the one line a user sees ({@link ErrorLines}), with the command line's advice when memory ran out. */
public final class UserMessages {

    private UserMessages() {
    }

    public static String oneLine(Throwable e) {
        if (ErrorLines.innermost(e) instanceof OutOfMemoryError) {
            return "out of memory: lower --batch, or give Java more with -Xmx";
        }
        if (NativeMemory.isOutOfMemory(e)) {
            return "out of memory: lower --batch, or free some memory";
        }
        return ErrorLines.oneLine(e);
    }
}
