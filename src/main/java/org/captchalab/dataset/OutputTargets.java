package org.captchalab.dataset;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Why a file or folder a command was asked to write beside a dataset must not or cannot be written, found before
 * anything is written: an output that would replace one of the dataset's images (or any file named like an image),
 * a folder given where a file is meant, CaptchaLab's own work folder, a folder for copies that already holds files.
 * The reasons are one line each, without the path (the caller names it).
 */
public final class OutputTargets {

    private OutputTargets() {
    }

    /**
     * Why a CSV must not be written at {@code csv} next to the dataset at {@code datasetRoot}; empty when it may
     * (an existing file that is not an image is replaced, as a re-export does, unless it is read-only: see
     * {@link #writable}).
     */
    public static Optional<String> csvRefusal(Path datasetRoot, Path csv) {
        Path target = csv.toAbsolutePath().normalize();
        Path root = datasetRoot.toAbsolutePath().normalize();
        if (Files.isDirectory(target)) {
            return Optional.of("it is a folder; name a file for the CSV");
        }
        String ext = imageExtension(target);
        if (ext != null) {
            return Optional.of(Files.exists(target) && inside(root, target)
                    ? "it is one of the dataset's images, which are never overwritten; name a file ending in .csv"
                    : "the name ends in ." + ext + ", an image's extension; name a file ending in .csv");
        }
        if (target.startsWith(root.resolve(ImageFinder.WORK_FOLDER))) {
            return Optional.of("it is inside the dataset's work folder " + ImageFinder.WORK_FOLDER
                    + ", which holds the work store");
        }
        return unwritableFolder(target.getParent()).or(() -> readOnlyFile(target));
    }

    /**
     * Why the file at {@code file} must not be replaced: it is there and read-only ({@link #writable}: also when only
     * its permission bits say so and this process could write it anyway, as root can). Empty when there is no such
     * file or it may be replaced. The reason names no path (the caller names it).
     */
    public static Optional<String> readOnlyFile(Path file) {
        return Files.isRegularFile(file) && !writable(file)
                ? Optional.of("the file is read-only; name another file")
                : Optional.empty();
    }

    /**
     * Why {@code folder} cannot take copies of the images of the dataset at {@code datasetRoot}: it must be outside
     * the dataset and new or empty. Empty when it can.
     */
    public static Optional<String> copyFolderRefusal(Path datasetRoot, Path folder) {
        Path target = folder.toAbsolutePath().normalize();
        if (inside(datasetRoot.toAbsolutePath().normalize(), target)) {
            return Optional.of("it is inside the dataset; choose a folder outside it for the copies");
        }
        if (Files.isDirectory(target)) {
            try (Stream<Path> entries = Files.list(target)) {
                if (entries.findAny().isPresent()) {
                    return Optional.of("the folder for the copies must be new or empty, and this one holds files");
                }
            } catch (IOException e) {
                return Optional.of("cannot list the folder (" + ErrorLines.reason(e) + ")");
            }
        }
        return folderRefusal(target);
    }

    /**
     * Why {@code folder} cannot be used (or made) as a folder to write files into: it is a file, or its nearest
     * existing ancestor is a file or is not writable. Empty when it can.
     */
    public static Optional<String> folderRefusal(Path folder) {
        Path target = folder.toAbsolutePath().normalize();
        if (Files.exists(target) && !Files.isDirectory(target)) {
            return Optional.of("it is a file, not a folder");
        }
        return unwritableFolder(target);
    }

    /**
     * Why a CSV must not be written at {@code csv}: it is {@code labelsFile}, the labels file the dataset is read from
     * ({@link DatasetLoader#labelsFileRead}; null when it reads none), however either is spelled ({@link #sameFile}).
     * Empty when it is another file.
     */
    public static Optional<String> labelsFileRefusal(Path labelsFile, Path csv) {
        return labelsFile != null && sameFile(labelsFile, csv)
                ? Optional.of("it is the labels file the dataset is read from, which this would replace; name another file")
                : Optional.empty();
    }

    /**
     * Whether {@code a} and {@code b} name one file, however they are spelled: relative or absolute, with {@code .}
     * or {@code ..}, through a symbolic link (to the file or to a folder on the way), or as two hard links. Two
     * existing paths are compared by the file system's identity of the file; a path to nothing yet by where it
     * would be made (its nearest existing folder with the links resolved, and the rest of the name).
     */
    public static boolean sameFile(Path a, Path b) {
        if (Files.exists(a) && Files.exists(b)) {
            try {
                return Files.isSameFile(a, b);
            } catch (IOException e) {
                // compare where they lead instead
            }
        }
        return whereItLeads(a).equals(whereItLeads(b));
    }

    /** The absolute path {@code p} leads to: its nearest existing ancestor's real path, and the rest as written. */
    private static Path whereItLeads(Path p) {
        Path abs = p.toAbsolutePath();
        Path existing = abs;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return abs.normalize();
        }
        try {
            return existing.toRealPath().resolve(existing.relativize(abs)).normalize();
        } catch (IOException e) {
            return abs.normalize();
        }
    }

    /** The lowercase image extension of the file name ({@code png}, {@code jpg}, ...), or null for another name. */
    static String imageExtension(Path file) {
        Path name = file.getFileName();
        if (name == null) {
            return null;
        }
        String s = name.toString();
        int dot = s.lastIndexOf('.');
        String ext = dot < 0 ? "" : s.substring(dot + 1).toLowerCase(Locale.ROOT);
        return ImageFinder.EXTENSIONS.contains(ext) ? ext : null;
    }

    /** Whether {@code path} is under {@code root}, also when either is reached through a symbolic link. */
    private static boolean inside(Path root, Path path) {
        if (path.startsWith(root)) {
            return true;
        }
        try {
            Path realRoot = root.toRealPath();
            Path existing = path;
            while (existing != null && !Files.exists(existing)) {
                existing = existing.getParent();
            }
            return existing != null && existing.toRealPath().startsWith(realRoot);
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Why no file or folder can be made in {@code folder} (made first when missing): its nearest existing ancestor is
     * a file or is not writable. Empty when it can.
     */
    private static Optional<String> unwritableFolder(Path folder) {
        Path existing = folder;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return Optional.empty();
        }
        if (!Files.isDirectory(existing)) {
            return Optional.of(existing + " is a file, not a folder");
        }
        return writable(existing) ? Optional.empty() : Optional.of("the folder " + existing + " is read-only");
    }

    /**
     * Whether files may be made in {@code dir} (or, given a file, whether it may be replaced): this process can write
     * there, and its permission bits grant someone write access. A folder or file whose bits grant none counts as
     * read-only even for a process that could write anyway (root), as the work store counts it: the shared datasets
     * are kept that way on purpose.
     */
    public static boolean writable(Path dir) {
        if (!Files.isWritable(dir)) {
            return false;
        }
        try {
            Set<PosixFilePermission> p = Files.readAttributes(dir, PosixFileAttributes.class).permissions();
            return p.contains(PosixFilePermission.OWNER_WRITE) || p.contains(PosixFilePermission.GROUP_WRITE)
                    || p.contains(PosixFilePermission.OTHERS_WRITE);
        } catch (IOException | UnsupportedOperationException e) {
            return true;
        }
    }
}
