package org.captchalab.cli;

import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
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
        } else if (t instanceof FileAlreadyExistsException x && x.getReason() == null) {
            msg = x.getFile() + ": already exists" + (Files.isDirectory(Path.of(x.getFile())) ? "" : " (a file, not a folder)");
        } else if (t instanceof NotDirectoryException x && x.getReason() == null) {
            msg = x.getFile() + ": not a folder";
        } else if (t instanceof DirectoryNotEmptyException x && x.getReason() == null) {
            msg = x.getFile() + ": the folder is not empty";
        } else if (t instanceof FileSystemException x && x.getReason() == null && x.getFile() != null
                && msg.equals(x.getFile())) {
            // its message is only the path: name what went wrong
            msg = x.getFile() + ": the file system refused it (a read-only or full disk, or a name it does not take)";
        } else if (t instanceof OutOfMemoryError) {
            msg = "out of memory: lower --batch, or give Java more with -Xmx";
        } else if (NativeMemory.isOutOfMemory(e)) {
            msg = "out of memory: lower --batch, or free some memory";
        }
        int nl = msg.indexOf('\n');
        return nl >= 0 ? msg.substring(0, nl) : msg;
    }
}
