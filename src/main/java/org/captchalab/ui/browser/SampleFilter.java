package org.captchalab.ui.browser;

import org.captchalab.dataset.Split;
import org.captchalab.ui.shared.ComparedReadings;
import org.captchalab.ui.shared.SamplePrediction;
import org.captchalab.ui.shared.SampleRow;

/**
 * Which images the grid shows. {@code position} is 0-based (WRONG_AT, CONFUSION); CONFUSION keeps exactly
 * the images whose label has {@code trueChar} and whose prediction has {@code predictedChar} at that position,
 * within {@code split} when it is not null. CHOSEN keeps exactly the keys of {@code samples}; a value is that image's
 * {@link Tag}, which its tile shows (a run comparison says there which run read it right, and what the other read).
 */
public record SampleFilter(Kind kind, int position, Split split, char trueChar, char predictedChar, String caption,
                           java.util.Map<Integer, Tag> samples) {

    /**
     * What the tile of a chosen image shows besides the image and its label: {@code text} at the right of the label
     * line (none when empty), and, when {@code reading} is not null, that reading in place of the loaded model's,
     * marked as {@code readingBy}'s (a run comparison shows what the run that got the image wrong read).
     * {@code runs}, in a run comparison, is what both runs read there, for the Label tab; null otherwise.
     */
    public record Tag(String text, String readingBy, SamplePrediction reading, ComparedReadings runs) {

        public Tag(String text, String readingBy, SamplePrediction reading) {
            this(text, readingBy, reading, null);
        }

        public static Tag of(String text) {
            return new Tag(text, null, null);
        }
    }

    /** Below this whole-sequence confidence a prediction counts as unsure. */
    public static final double LOW_CONFIDENCE = 0.5;
    /** At or above this confidence a prediction that disagrees with the label suggests a wrong label. */
    public static final double CONFIDENT = 0.9;

    public enum Kind { ALL, MISCLASSIFIED, WRONG_AT, LOW_CONFIDENCE, LIKELY_MISLABELLED, CORRECTED, UNLABELLED,
        CONFLICTS, SPLIT, CONFUSION, CHOSEN }

    public static SampleFilter of(Kind kind) {
        return new SampleFilter(kind, -1, null, '\0', '\0', null, null);
    }

    public static SampleFilter wrongAt(int position) {
        return new SampleFilter(Kind.WRONG_AT, position, null, '\0', '\0', null, null);
    }

    public static SampleFilter split(Split split) {
        return new SampleFilter(Kind.SPLIT, -1, split, '\0', '\0', null, null);
    }

    public static SampleFilter confusion(int position, char trueChar, char predicted, Split splitOrNull) {
        return new SampleFilter(Kind.CONFUSION, position, splitOrNull, trueChar, predicted, null, null);
    }

    /**
     * Exactly the keys of {@code tagged}, under a caption (its first line names it in the list; the rest tells more),
     * each tile showing its value (e.g. which of two runs read it right, and what the other read).
     */
    public static SampleFilter chosen(String caption, java.util.Map<Integer, Tag> tagged) {
        return new SampleFilter(Kind.CHOSEN, -1, null, '\0', '\0', caption, java.util.Map.copyOf(tagged));
    }

    /** The text the tile of this sample shows under this filter, or null. */
    public String tag(int sampleIndex) {
        Tag t = tagOf(sampleIndex);
        return t == null || t.text() == null || t.text().isEmpty() ? null : t.text();
    }

    /** The whole tag of this sample under this filter, or null. */
    public Tag tagOf(int sampleIndex) {
        return samples == null ? null : samples.get(sampleIndex);
    }

    /** The first line of the title: the filter's name without the details a chosen filter may add. */
    public String name() {
        String t = title();
        int nl = t.indexOf('\n');
        return nl < 0 ? t : t.substring(0, nl);
    }

    public boolean test(SampleRow r) {
        return switch (kind) {
            case ALL -> true;
            case MISCLASSIFIED -> r.misclassified();
            case WRONG_AT -> r.prediction() != null && r.labelled() && !r.prediction().agreesAt(r.label(), position);
            case LOW_CONFIDENCE -> r.prediction() != null && r.prediction().confidence() < LOW_CONFIDENCE;
            case LIKELY_MISLABELLED -> r.misclassified() && r.prediction().confidence() >= CONFIDENT;
            case CORRECTED -> r.corrected();
            case UNLABELLED -> !r.labelled();
            case CONFLICTS -> r.conflict();
            case SPLIT -> r.split() == split;
            // exactly the images the confusion matrix counted: conflicting duplicates are left out there
            case CONFUSION -> (split == null || r.split() == split) && r.prediction() != null && r.labelled()
                    && !r.conflict()
                    && position < r.label().length() && position < r.prediction().length()
                    && r.label().charAt(position) == trueChar
                    && r.prediction().text().charAt(position) == predictedChar;
            case CHOSEN -> samples.containsKey(r.index());
        };
    }

    /** The name shown in the filter list. */
    public String title() {
        return switch (kind) {
            case ALL -> "All";
            case MISCLASSIFIED -> "Misclassified";
            case WRONG_AT -> "Wrong at position " + (position + 1);
            case LOW_CONFIDENCE -> "Low confidence";
            case LIKELY_MISLABELLED -> "Likely mislabelled";
            case CORRECTED -> "Corrected";
            case UNLABELLED -> "Unlabelled";
            case CONFLICTS -> "Conflicting duplicates";
            case SPLIT -> "Split: " + split.id();
            case CONFUSION -> "Position " + (position + 1) + ": '" + trueChar + "' read as '" + predictedChar + "'"
                    + (split == null ? "" : " (" + split.id() + ")");
            case CHOSEN -> caption;
        };
    }
}
