package org.captchalab.dataset;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * Turns an exception into the one line a user reads, the same in the command line and the window: the innermost
 * message that says something (wrappers that only carry their cause are skipped), with the file system's errors,
 * whose message is often just a path, given their reason in words. The stack trace belongs in the log only.
 */
public final class ErrorLines {

    /** What an exception that says nothing is shown as: its class name would mean nothing to a user. */
    static final String UNEXPECTED = "unexpected error (details in the log)";

    private ErrorLines() {
    }

    public static String oneLine(Throwable e) {
        Throwable t = innermost(e);
        String msg = blank(t) ? UNEXPECTED : t.getMessage();
        if (t instanceof AccessDeniedException a && a.getReason() == null) {
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
        }
        int nl = msg.indexOf('\n');
        return nl >= 0 ? msg.substring(0, nl) : msg;
    }

    /**
     * Why a file or folder could not be read or written, in words and without its path (the caller names it):
     * "permission denied", "no such file or folder", the file system's own reason, or the first line of the message.
     */
    public static String reason(Throwable e) {
        Throwable t = innermost(e);
        if (t instanceof AccessDeniedException) {
            return "permission denied";
        } else if (t instanceof NoSuchFileException) {
            return "no such file or folder";
        } else if (t instanceof NotDirectoryException) {
            return "not a folder";
        } else if (t instanceof java.nio.file.FileSystemLoopException) {
            return "symbolic link loop";
        } else if (t instanceof FileAlreadyExistsException) {
            return "a file of that name is in the way";
        } else if (t instanceof FileSystemException f) {
            String r = f.getReason();
            if (r != null && r.equalsIgnoreCase("Not a directory")) {
                return "part of its path is a file, not a folder";
            }
            return r == null || r.isBlank() ? "the file system refused it"
                    : Character.toLowerCase(r.charAt(0)) + r.substring(1);
        }
        return blank(t) && t instanceof IOException ? "input/output error" : oneLine(t);
    }

    /**
     * The exception whose message to show: past wrappers with no message of their own, past the executors' wrappers,
     * and past those made from their cause alone (whose message is the cause's class name and message).
     */
    public static Throwable innermost(Throwable e) {
        Throwable t = e;
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        while (t.getCause() != null && seen.add(t) && !seen.contains(t.getCause())
                && (blank(t) || t instanceof ExecutionException || t instanceof CompletionException
                || t.getMessage().equals(t.getCause().toString()))) {
            t = t.getCause();
        }
        return t;
    }

    private static boolean blank(Throwable t) {
        return t.getMessage() == null || t.getMessage().isBlank();
    }
}
