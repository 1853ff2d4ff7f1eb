package org.captchalab.dataset;

import java.nio.file.Path;

/**
 * What the user fixed about a dataset before loading it; every null field is inferred from the data.
 *
 * @param labelsFile  an explicit labels CSV ({@code filename,label}); null: {@code labels.csv} in the folder if
 *                    present, else the file names
 * @param caseRule    how labels are normalised; {@link CaseRule#KEEP} by default
 * @param alphabet    a fixed alphabet (labels with other characters are rejected); null: inferred
 * @param labelLength a fixed label length; null: the most common length
 * @param inputSize   the model input size; null: the most common image size
 */
public record DatasetOptions(Path labelsFile, CaseRule caseRule, Alphabet alphabet, Integer labelLength,
                             ImageSize inputSize) {

    public DatasetOptions {
        if (caseRule == null) {
            caseRule = CaseRule.KEEP;
        }
        if (labelLength != null && labelLength <= 0) {
            throw new IllegalArgumentException("label length must be positive: " + labelLength);
        }
    }

    /** Everything inferred: labels from labels.csv or file names, case kept. */
    public static DatasetOptions defaults() {
        return new DatasetOptions(null, CaseRule.KEEP, null, null, null);
    }

    public DatasetOptions withLabelsFile(Path file) {
        return new DatasetOptions(file, caseRule, alphabet, labelLength, inputSize);
    }

    public DatasetOptions withCaseRule(CaseRule rule) {
        return new DatasetOptions(labelsFile, rule, alphabet, labelLength, inputSize);
    }

    public DatasetOptions withAlphabet(Alphabet fixed) {
        return new DatasetOptions(labelsFile, caseRule, fixed, labelLength, inputSize);
    }

    public DatasetOptions withLabelLength(Integer fixed) {
        return new DatasetOptions(labelsFile, caseRule, alphabet, fixed, inputSize);
    }

    public DatasetOptions withInputSize(ImageSize size) {
        return new DatasetOptions(labelsFile, caseRule, alphabet, labelLength, size);
    }
}
