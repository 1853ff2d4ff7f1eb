package org.captchalab.dataset;

/**
 * Where a dataset's labels came from. The order of precedence is: an explicit {@code --labels FILE}, then a
 * {@code labels.csv} in the dataset folder, then the file names.
 */
public enum LabelSource {
    /** A labels file named by the user ({@code --labels FILE}). */
    LABELS_FILE("labels file"),
    /** {@code labels.csv} at the top of the dataset folder. */
    LABELS_CSV("labels.csv in the folder"),
    /** The file name: {@code abcd.png}, or the text before the first {@code _} in {@code abcd_123.jpg}. */
    FILE_NAME("file names");

    private final String description;

    LabelSource(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }
}
