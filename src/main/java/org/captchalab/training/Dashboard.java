package org.captchalab.training;

import java.io.EOFException;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.deeplearning4j.ui.model.storage.FileStatsStorage;
import org.mapdb.DBException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The deeplearning4j-ui training dashboard's side of a run: its recorded statistics, opened for the dashboard. */
public final class Dashboard {

    private static final Logger LOG = LoggerFactory.getLogger(Dashboard.class);

    private Dashboard() {
    }

    /**
     * Opens a run's recorded statistics for the dashboard. A file DL4J cannot read fails here, in one line that
     * names it and says why, rather than as a MapDB exception. (DL4J opens the store for writing, as MapDB does.)
     */
    public static FileStatsStorage openStats(Path file) throws DashboardException {
        long size;
        try {
            size = Files.size(file);
        } catch (IOException e) {
            throw new DashboardException(file + ": " + reason(e), e);
        }
        if (!Files.isReadable(file) || !Files.isWritable(file)) {
            throw new DashboardException(file + ": permission denied (DL4J's dashboard opens it for reading and writing)",
                    null);
        }
        if (size == 0) {
            throw unreadable(file, "empty", null);
        }
        try {
            return new FileStatsStorage(file.toFile());
        } catch (RuntimeException e) {
            LOG.warn("cannot read DL4J statistics from {}", file, e);
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof DBException.FileLocked) {
                    throw new DashboardException(file + " is held open by another program (is its run still training?)", e);
                }
            }
            throw unreadable(file, whyUnreadable(e), e);
        }
    }

    private static DashboardException unreadable(Path file, String why, Throwable cause) {
        return new DashboardException(file + " is not a readable DL4J statistics file (" + why + ")", cause);
    }

    /** What MapDB's failure to open a store says about the file, in a few words. */
    static String whyUnreadable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof EOFException || t instanceof DBException.VolumeEOF) {
                return "truncated";
            }
            if (t instanceof DBException.WrongFormat) {
                return "not in the format DL4J writes";
            }
        }
        return "damaged";
    }

    /** A file system failure in a few words, without the path or the exception's class. */
    static String reason(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof java.nio.file.NoSuchFileException) {
            return "no such file or folder";
        }
        if (e instanceof FileAlreadyExistsException) {
            return "a file of that name is in the way";
        }
        if (e instanceof FileSystemException f && f.getReason() != null) {
            String r = f.getReason();
            if (r.equalsIgnoreCase("Not a directory")) {
                return "part of its path is a file, not a folder";
            }
            return r.isEmpty() ? r : Character.toLowerCase(r.charAt(0)) + r.substring(1);
        }
        return e.getMessage() != null ? e.getMessage() : "input/output error";
    }
}
