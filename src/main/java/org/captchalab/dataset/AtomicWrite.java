package org.captchalab.dataset;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replaces a file all at once: the new content goes to a temporary file beside it, which is then renamed over it, so a
 * reader (or a crash) sees the old content or the new, never half of it. Every file CaptchaLab writes that way goes
 * through here: labels CSVs, misread lists, run.json, metrics.csv, checkpoints and saved networks.
 *
 * <p>The temporary file is synced to the disk before the rename, and the folder after it: file systems may put the
 * rename on the disk before the content, so that after a power loss the name would hold an empty or partly written
 * file (ext4 with delayed allocation, XFS); and a caller that goes on to remove what the old content referred to (a
 * checkpoint's previous network) must know the new content is there to stay.
 *
 * <p>The file keeps its permissions when it is replaced; a new file gets what a plain {@link Files#createFile} gives in
 * its folder (the umask, or the folder's default ACL), not the owner-only mode of {@link Files#createTempFile}. The
 * temporary file has a name no other writer uses at the same moment, and does not outlive a failure; a failure of the
 * file system on it is reported as one of the file being replaced, whose name the user gave (the temporary one means
 * nothing to them).
 */
public final class AtomicWrite {

    private static final Logger LOG = LoggerFactory.getLogger(AtomicWrite.class);
    private static final int NAME_ATTEMPTS = 100;
    private static final String TMP_SUFFIX = ".tmp";

    private AtomicWrite() {
    }

    /** Writes the new content into the (empty, already created) temporary file it is given. */
    @FunctionalInterface
    public interface Content {
        void writeTo(Path temporary) throws IOException;
    }

    /** Replaces {@code file} with {@code text} in UTF-8. */
    public static void writeString(Path file, String text) throws IOException {
        replace(file, tmp -> Files.writeString(tmp, text, StandardCharsets.UTF_8));
    }

    /**
     * Replaces {@code file} with what {@code content} writes into a temporary file beside it (a plain replacing move
     * where the file system cannot rename atomically). The folder must exist.
     */
    public static void replace(Path file, Content content) throws IOException {
        Set<PosixFilePermission> kept = permissionsOf(file);
        try {
            Path tmp = createTemporary(file);
            try {
                if (kept != null) {
                    keepPermissions(tmp, kept, file);
                }
                content.writeTo(tmp);
                try (FileChannel written = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                    written.force(true);
                }
                try {
                    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
                }
                syncFolderOf(file);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (FileSystemException e) {
            if (isTemporaryOf(e.getFile(), file) || isTemporaryOf(e.getOtherFile(), file)) {
                throw new IOException(file + ": " + ErrorLines.reason(e), e);
            }
            throw e;
        }
    }

    /**
     * Puts the folder's entries (the rename just made) on the disk. Not every platform opens a folder as a file
     * (Windows does not); there the sync of the content is all this can do.
     */
    private static void syncFolderOf(Path file) {
        Path folder = file.toAbsolutePath().getParent();
        try (FileChannel entries = FileChannel.open(folder, StandardOpenOption.READ)) {
            entries.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            LOG.debug("cannot sync the folder {} after replacing {}", folder, file.getFileName(), e);
        }
    }

    /** Whether {@code path} (as a file system error names it; may be null) is a temporary file of {@link #replace}'s for {@code file}. */
    private static boolean isTemporaryOf(String path, Path file) {
        Path name = file.getFileName();
        if (path == null || name == null) {
            return false;
        }
        Path p = Path.of(path);
        Path pName = p.getFileName();
        return pName != null && pName.toString().startsWith(temporaryPrefix(name)) && pName.toString().endsWith(TMP_SUFFIX)
                && p.equals(file.resolveSibling(pName));
    }

    private static String temporaryPrefix(Path name) {
        return "." + name + ".";
    }

    /**
     * Gives the temporary file the permissions of the file it replaces, before the content goes in (so the content is
     * never readable by more people than before). A file system that refuses (no POSIX modes) keeps its own.
     */
    private static void keepPermissions(Path tmp, Set<PosixFilePermission> kept, Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(tmp, kept);
        } catch (IOException e) {
            // writing on would leave the content readable by whoever the new file's default lets read it
            LOG.warn("could not give the replacement of {} its permissions {}", file, PosixFilePermissions.toString(kept), e);
            throw new IOException("cannot give the new " + file.getFileName() + " the permissions of the one it replaces ("
                    + PosixFilePermissions.toString(kept) + "), so it was left as it was", e);
        } catch (UnsupportedOperationException e) {
            LOG.warn("no POSIX permissions for the replacement of {}", file, e);
        }
    }

    /** The POSIX permissions of an existing {@code file}; null when there is none or they cannot be read. */
    private static Set<PosixFilePermission> permissionsOf(Path file) {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try {
            return Files.getPosixFilePermissions(file);
        } catch (IOException | UnsupportedOperationException e) {
            return null;
        }
    }

    /**
     * A new empty file beside {@code file}, {@code .<name>.<random>.tmp}, made as {@link Files#createFile} makes one
     * (so with the folder's usual permissions).
     */
    private static Path createTemporary(Path file) throws IOException {
        Path name = file.getFileName();
        if (name == null) {
            throw new IOException(file + " is not a file name");
        }
        for (int attempt = 1; ; attempt++) {
            String unique = Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
            Path tmp = file.resolveSibling(temporaryPrefix(name) + unique + TMP_SUFFIX);
            try {
                return Files.createFile(tmp);
            } catch (FileAlreadyExistsException e) {
                if (attempt >= NAME_ATTEMPTS) {
                    throw e;
                }
            }
        }
    }
}
