package org.captchalab.dataset;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * Writes a dataset's labels out: a labels CSV ({@code filename,label}, the format {@link DatasetLoader} reads)
 * and, on request, copies of the labelled images named {@code <label>_<hash>.<ext>} in a new folder. The
 * dataset's own files are only read. The CSV is written to a temporary file and renamed ({@link AtomicWrite}), so an
 * interrupted export never leaves half a file in place of a good one, and a CSV it replaces keeps its permissions.
 */
public final class LabelExport {

    /** Characters of the content hash used in copied file names (64 bits: collisions need identical images). */
    public static final int HASH_CHARS = 16;

    private LabelExport() {
    }

    /** What was written. */
    public record Result(int rows, int unlabelled) {
    }

    /**
     * Writes the labels CSV at {@code csv}, replacing a file there, unless {@link OutputTargets#csvRefusal} refuses
     * the place (one of the dataset's images, an image name, a folder) or it is the labels file the dataset was read
     * from ({@link OutputTargets#labelsFileRefusal}): then it throws, having written nothing.
     */
    public static Result writeCsv(Dataset dataset, Path csv) throws IOException {
        Optional<String> refusal = OutputTargets.csvRefusal(dataset.root(), csv)
                .or(() -> OutputTargets.labelsFileRefusal(dataset.labelsFile(), csv));
        if (refusal.isPresent()) {
            throw new IOException(csv + ": " + refusal.get());
        }
        // not normalize()d: ".." after a linked folder goes up from where the link leads, as the check above saw it
        Path target = csv.toAbsolutePath();
        Files.createDirectories(target.getParent());
        int unlabelled = (int) dataset.samples().stream().filter(s -> s.label() == null).count();
        AtomicWrite.replace(target, tmp -> {
            try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                w.write("filename,label\n");
                for (CaptchaSample s : dataset.samples()) {
                    if (s.label() != null) {
                        w.write(quote(s.path()) + "," + quote(s.label()) + "\n");
                    }
                }
            }
        });
        return new Result(dataset.samples().size() - unlabelled, unlabelled);
    }

    /**
     * Copies every labelled image to {@code folder} (which must be new or empty and outside the dataset) as
     * {@code <label>_<first 16 hex of its SHA-256>.<ext>}; identical images with the same label become one file.
     * A folder {@link OutputTargets#copyFolderRefusal} refuses is not touched: it throws.
     */
    public static int copyImages(Dataset dataset, Path folder) throws IOException {
        Optional<String> refusal = OutputTargets.copyFolderRefusal(dataset.root(), folder);
        if (refusal.isPresent()) {
            throw new IOException(folder + ": " + refusal.get());
        }
        Path target = folder.toAbsolutePath(); // as the check saw it (see writeCsv)
        Files.createDirectories(target);
        int copied = 0;
        for (CaptchaSample s : dataset.samples()) {
            if (s.label() == null || !safeInFileName(s.label())) {
                continue;
            }
            Path dest = target.resolve(copyName(s));
            if (!Files.exists(dest)) {
                Files.copy(s.file(dataset.root()), dest, StandardCopyOption.COPY_ATTRIBUTES);
                copied++;
            }
        }
        return copied;
    }

    /** {@code <label>_<hash16>.<ext>}. */
    public static String copyName(CaptchaSample s) {
        return s.label() + "_" + s.hash().substring(0, HASH_CHARS) + "." + s.extension();
    }

    private static boolean safeInFileName(String label) {
        return label.chars().noneMatch(c -> c == '/' || c == '\\' || c == 0 || c == '_') && !label.equals(".")
                && !label.equals("..");
    }

    /** One CSV field: as it is, or in double quotes (inner quotes doubled) when it holds a comma, quote or line break. */
    public static String quote(String field) {
        if (field.indexOf(',') < 0 && field.indexOf('"') < 0 && field.indexOf('\n') < 0 && field.indexOf('\r') < 0) {
            return field;
        }
        return '"' + field.replace("\"", "\"\"") + '"';
    }
}
