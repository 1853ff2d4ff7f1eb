package org.captchalab.dataset;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens a captcha dataset folder: finds the images, checks and hashes each one, attaches labels and infers
 * what the user did not fix. Loading never decodes pixels: each file is read once, hashed, and its header and
 * end marker checked (see {@link ImageDecoder}), in parallel, so ten thousand images load in a few seconds.
 */
public final class DatasetLoader {

    /** The labels file looked for at the top of a dataset folder. */
    public static final String LABELS_CSV = "labels.csv";

    private static final Logger LOG = LoggerFactory.getLogger(DatasetLoader.class);

    private DatasetLoader() {
    }

    /**
     * The labels file a load of {@code root} reads: {@code labelsOption} when given (whether or not it exists: the
     * load then fails), else the folder's {@code labels.csv} when there is one; null when the labels come from the
     * file names.
     */
    public static Path labelsFileRead(Path root, Path labelsOption) {
        if (labelsOption != null) {
            return labelsOption;
        }
        Path inFolder = root.toAbsolutePath().normalize().resolve(LABELS_CSV);
        return Files.isRegularFile(inFolder) ? inFolder : null;
    }

    /**
     * Loads the dataset under {@code root}. Bad images and bad label rows become {@link Dataset#problems()};
     * only a folder that cannot be opened at all (or a missing explicit labels file) throws.
     */
    public static Dataset load(Path root, DatasetOptions options) throws DatasetException {
        return load(root, options, ScanProgress.NONE);
    }

    /** Like {@link #load(Path, DatasetOptions)}, reporting progress and stopping when cancelled. */
    public static Dataset load(Path root, DatasetOptions options, ScanProgress progress) throws DatasetException {
        long start = System.nanoTime();
        Path dir = root.toAbsolutePath().normalize();
        if (!Files.exists(dir)) {
            throw new DatasetException("no such folder: " + root);
        }
        if (!Files.isDirectory(dir)) {
            throw new DatasetException("not a folder: " + root);
        }
        if (!Files.isReadable(dir)) {
            throw new DatasetException("cannot read folder: " + root);
        }
        List<Problem> problems = new ArrayList<>();
        List<Path> files;
        try {
            files = new ImageFinder(dir, problems).find();
        } catch (IOException e) {
            throw new DatasetException("cannot read folder " + root + ": " + ErrorLines.reason(e), e);
        }
        files.sort(Comparator.comparing(p -> relative(dir, p)));
        List<Scanned> scanned = scan(dir, files, problems, progress);

        Set<String> found = new HashSet<>();
        scanned.forEach(s -> found.add(s.path()));
        Set<String> rejected = new HashSet<>();
        files.forEach(f -> rejected.add(relative(dir, f)));
        rejected.removeAll(found);

        LabelSource source;
        Path labelsFile = labelsFileRead(dir, options.labelsFile());
        Map<String, String> raw;
        if (options.labelsFile() != null) {
            if (Files.isDirectory(labelsFile)) {
                throw new DatasetException("labels file is a folder, not a file: " + labelsFile);
            }
            if (!Files.isRegularFile(labelsFile)) {
                throw new DatasetException("labels file not found: " + labelsFile);
            }
            source = LabelSource.LABELS_FILE;
            labelsFile = labelsFile.toAbsolutePath().normalize();
            raw = readCsv(labelsFile, dir, found, rejected, problems);
        } else if (labelsFile != null) {
            source = LabelSource.LABELS_CSV;
            raw = readCsv(labelsFile, dir, found, rejected, problems);
        } else {
            source = LabelSource.FILE_NAME;
            raw = new HashMap<>();
            for (Scanned s : scanned) {
                raw.put(s.path(), labelFromFileName(s.path()));
            }
        }
        if (source != LabelSource.FILE_NAME) {
            List<String> missing = scanned.stream().map(Scanned::path).filter(p -> !raw.containsKey(p)).sorted().toList();
            if (!missing.isEmpty()) {
                int n = missing.size();
                problems.add(new Problem(LabelsCsv.shownName(labelsFile, dir), n == 1
                        ? missing.get(0) + " has no row and is left unlabelled"
                        : n + " images have no row and are left unlabelled, " + missing.get(0)
                        + (n == 2 ? " and " + missing.get(1) : ", " + missing.get(1) + " and " + (n - 2) + " more")));
            }
        }
        Labelling labelling = Labelling.of(scanned, raw, options, problems);
        if (scanned.isEmpty()) {
            problems.add(new Problem(root.toString(), "no usable images found (looked for "
                    + String.join(", ", ImageFinder.EXTENSIONS.stream().sorted().toList()) + " files)",
                    Problem.Kind.NO_IMAGES));
        }
        // absolute like the folder, so that info's "dataset" and "labels_file" are both usable from anywhere
        Path labelsRead = labelsFile == null ? null : labelsFile.toAbsolutePath().normalize();
        Dataset dataset = new Dataset(dir, labelling.samples(), labelling.alphabet(), options.alphabet() == null,
                labelling.length(), options.caseRule(), source, labelsRead, options.inputSize(), problems);
        LOG.info("loaded {}: {} images, {} problems, {} conflicts in {} ms", dir, dataset.samples().size(),
                problems.size(), dataset.conflicts().size(), (System.nanoTime() - start) / 1_000_000);
        return dataset;
    }

    /** The label in a file name: {@code abcd.png} gives {@code abcd}, {@code abcd_x1.jpg} gives {@code abcd}. */
    public static String labelFromFileName(String path) {
        String name = path.substring(path.lastIndexOf('/') + 1);
        int dot = name.lastIndexOf('.');
        String base = dot > 0 ? name.substring(0, dot) : name;
        int underscore = base.indexOf('_');
        return underscore >= 0 ? base.substring(0, underscore) : base;
    }

    /** {@code file} relative to {@code root}, with {@code /} between names on every OS. */
    static String relative(Path root, Path file) {
        Path rel = root.relativize(file);
        StringBuilder sb = new StringBuilder();
        for (Path part : rel) {
            if (sb.length() > 0) {
                sb.append('/');
            }
            sb.append(part);
        }
        return sb.toString();
    }

    private static Map<String, String> readCsv(Path csv, Path root, Set<String> found, Set<String> rejected,
                                               List<Problem> problems) throws DatasetException {
        try {
            return LabelsCsv.read(csv, root, found, rejected, problems);
        } catch (IOException e) {
            LOG.warn("cannot read labels {}", csv, e);
            throw new DatasetException("cannot read labels file " + csv + ": " + ErrorLines.reason(e), e);
        }
    }

    /** One image that passed the checks, before labelling. */
    record Scanned(String path, ImageHeader header, String hash) {
    }

    private static List<Scanned> scan(Path root, List<Path> files, List<Problem> problems, ScanProgress progress)
            throws DatasetException {
        Object[] results = new Object[files.size()];
        AtomicInteger done = new AtomicInteger();
        int total = files.size();
        progress.progress(0, total);
        IntStream.range(0, total).parallel().forEach(i -> {
            if (progress.cancelled()) {
                return;
            }
            results[i] = check(root, files.get(i));
            int n = done.incrementAndGet();
            if (n % 256 == 0 || n == total) {
                progress.progress(n, total);
            }
        });
        if (progress.cancelled()) {
            throw new DatasetException("scan cancelled");
        }
        List<Scanned> ok = new ArrayList<>(files.size());
        for (Object r : results) {
            if (r instanceof Scanned s) {
                ok.add(s);
            } else {
                problems.add((Problem) r);
            }
        }
        return ok;
    }

    private static Object check(Path root, Path file) {
        String rel = relative(root, file);
        try {
            byte[] bytes = ImageDecoder.readBytes(file);
            ImageHeader header = ImageDecoder.readHeader(bytes, rel);
            String hash = HexFormat.of().formatHex(Dataset.sha256().digest(bytes));
            return new Scanned(rel, header, hash);
        } catch (ImageDecodeException e) {
            return e.toProblem(rel);
        } catch (RuntimeException e) {
            LOG.warn("unexpected failure on {}", file, e);
            return new Problem(rel, "cannot read image (" + ErrorLines.reason(e) + ")");
        }
    }
}
