package org.captchalab.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import org.captchalab.dataset.Alphabet;
import org.captchalab.dataset.CaseRule;
import org.captchalab.dataset.Dataset;
import org.captchalab.dataset.DatasetException;
import org.captchalab.dataset.DatasetLoader;
import org.captchalab.dataset.DatasetOptions;
import org.captchalab.dataset.ImageSize;
import org.captchalab.model.RunInfo;
import picocli.CommandLine.Option;

/**
 * The options every dataset command shares ({@code --labels}, {@code --fold-case}, {@code --alphabet},
 * {@code --length}, {@code --input-size}), as a picocli mixin so train/eval read a dataset the same way.
 */
public class DatasetArgs {

    @Option(names = "--labels", paramLabel = "FILE", description = "labels CSV (filename,label); default: labels.csv in the folder, else the file names")
    Path labels;

    @Option(names = "--fold-case", description = "fold labels to lowercase (mixed-case glyphs, lowercase labels)")
    boolean foldCase;

    @Option(names = "--alphabet", paramLabel = "CHARS", description = "fixed alphabet; labels with other characters are rejected")
    String alphabet;

    @Option(names = "--length", paramLabel = "N", description = "fixed label length; default: the most common")
    Integer length;

    @Option(names = "--input-size", paramLabel = "WxH", description = "model input size; default: the most common image size")
    String inputSize;

    /**
     * Reads the dataset as a saved run did, for what the command line left open: its input size, alphabet and label
     * length, and its case rule when it folded case ({@code train --init-from}).
     */
    void defaultsFrom(RunInfo run) {
        if (inputSize == null) {
            inputSize = run.inputSize().toString();
        }
        if (alphabet == null) {
            alphabet = run.alphabet();
        }
        if (length == null) {
            length = run.labelLength();
        }
        foldCase |= run.caseRuleValue() == CaseRule.FOLD_LOWER;
    }

    /** These options as they are now, apart from later {@link #defaultsFrom} calls on either. */
    DatasetArgs copy() {
        DatasetArgs c = new DatasetArgs();
        c.labels = labels;
        c.foldCase = foldCase;
        c.alphabet = alphabet;
        c.length = length;
        c.inputSize = inputSize;
        return c;
    }

    /**
     * {@code --input-size} read, or null when not given.
     *
     * @throws UsageError naming the option and the value when it is not WIDTHxHEIGHT in positive whole numbers
     */
    ImageSize inputSizeOption() {
        if (inputSize == null) {
            return null;
        }
        try {
            return ImageSize.parse(inputSize);
        } catch (IllegalArgumentException e) {
            throw new UsageError("--input-size must be WIDTHxHEIGHT in pixels, e.g. 129x53 (got " + inputSize + ")");
        }
    }

    public DatasetOptions options() {
        if (length != null && length < 1) {
            throw new UsageError("--length must be at least 1 (got " + length + ")");
        }
        Alphabet fixed = null;
        if (alphabet != null) {
            try {
                fixed = new Alphabet(alphabet);
            } catch (IllegalArgumentException e) {
                throw new UsageError("--alphabet: " + e.getMessage() + " (got \"" + alphabet + "\")");
            }
        }
        return new DatasetOptions(labels, foldCase ? CaseRule.FOLD_LOWER : CaseRule.KEEP, fixed, length, inputSizeOption());
    }

    public Dataset load(Path dir) throws DatasetException {
        return DatasetLoader.load(dir, options());
    }

    /**
     * Loads the dataset, or prints the one-line reason it cannot be opened at all ({@code error: ...}) and
     * returns empty; the caller then exits with status 1.
     */
    public Optional<Dataset> loadOrReport(Path dir, PrintWriter err) {
        try {
            return Optional.of(load(dir));
        } catch (DatasetException e) {
            err.println("error: " + e.getMessage());
            return Optional.empty();
        }
    }
}
