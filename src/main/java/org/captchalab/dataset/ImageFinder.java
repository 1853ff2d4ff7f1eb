package org.captchalab.dataset;

import java.io.IOException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Walks a dataset folder for image files (by extension), recursively, skipping the {@code .captchalab} folder
 * where the work store lives. Symbolic links are followed (curated subsets are often folders of links); a
 * link cycle is detected by the walk and reported instead of trapping it. Folders it cannot read and names
 * that are not valid UTF-8 become problems; the walk goes on.
 */
final class ImageFinder extends SimpleFileVisitor<Path> {

    /** File name extensions taken as images (lowercase). */
    static final Set<String> EXTENSIONS = Set.of("png", "jpg", "jpeg", "bmp", "gif");

    /** The folder inside a dataset that holds CaptchaLab's own files; never scanned. */
    static final String WORK_FOLDER = ".captchalab";

    private static final Logger LOG = LoggerFactory.getLogger(ImageFinder.class);

    private final Path root;
    private final List<Path> images = new ArrayList<>();
    private final List<Problem> problems;

    ImageFinder(Path root, List<Problem> problems) {
        this.root = root;
        this.problems = problems;
    }

    /** Every image file under {@code root}, in no particular order. */
    List<Path> find() throws IOException {
        Files.walkFileTree(root, EnumSet.of(FileVisitOption.FOLLOW_LINKS), Integer.MAX_VALUE, this);
        return images;
    }

    @Override
    public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
        if (dir.equals(root)) {
            return FileVisitResult.CONTINUE;
        }
        String name = dir.getFileName().toString();
        if (name.equals(WORK_FOLDER)) {
            return FileVisitResult.SKIP_SUBTREE;
        }
        if (!validName(name)) {
            problems.add(new Problem(display(dir) + "/", "folder name is not valid UTF-8; rename it to include its images"));
            return FileVisitResult.SKIP_SUBTREE;
        }
        return FileVisitResult.CONTINUE;
    }

    @Override
    public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String ext = dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
        if (!EXTENSIONS.contains(ext)) {
            return FileVisitResult.CONTINUE;
        }
        if (!attrs.isRegularFile()) {
            // named as an image but not one: the walk hands over a link whose target is gone with the link's own
            // attributes (a curated folder of links whose originals moved would otherwise just shrink, silently),
            // and a pipe or device is never opened (reading a pipe waits for a writer forever)
            problems.add(new Problem(display(file), attrs.isSymbolicLink()
                    ? "broken symbolic link (its target does not exist); skipped"
                    : "not a regular file (a pipe, device or socket); skipped"));
            return FileVisitResult.CONTINUE;
        }
        if (!validName(name)) {
            problems.add(new Problem(display(file), "file name is not valid UTF-8; rename the file to use it"));
            return FileVisitResult.CONTINUE;
        }
        images.add(file);
        return FileVisitResult.CONTINUE;
    }

    @Override
    public FileVisitResult visitFileFailed(Path file, IOException e) {
        LOG.warn("cannot read {}", file, e);
        if (e instanceof FileSystemLoopException) {
            problems.add(new Problem(display(file), "symbolic link loop; skipped"));
            return FileVisitResult.CONTINUE;
        }
        String why = ErrorLines.reason(e);
        problems.add(new Problem(display(file), Files.isDirectory(file)
                ? "cannot read folder (" + why + "); its images are skipped"
                : "cannot read file (" + why + ")"));
        return FileVisitResult.CONTINUE;
    }

    @Override
    public FileVisitResult postVisitDirectory(Path dir, IOException e) {
        if (e != null) {
            LOG.warn("error while listing {}", dir, e);
            problems.add(new Problem(display(dir) + "/", "folder could not be listed completely ("
                    + ErrorLines.reason(e) + ")"));
        }
        return FileVisitResult.CONTINUE;
    }

    /**
     * A name Java decoded with the replacement character came from bytes that are not UTF-8 (on a UTF-8
     * system); such names cannot be stored, shown or exported faithfully, so they are refused.
     */
    static boolean validName(String name) {
        return name.indexOf('\uFFFD') < 0;
    }

    private String display(Path p) {
        return DatasetLoader.relative(root, p);
    }
}
