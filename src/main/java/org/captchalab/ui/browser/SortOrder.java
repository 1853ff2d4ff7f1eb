package org.captchalab.ui.browser;

import java.util.Comparator;
import org.captchalab.ui.shared.SampleRow;

/** Grid orders. Samples without a prediction sort last for loss and confidence. */
public enum SortOrder {
    DATASET("Dataset order"),
    NAME("Name"),
    LOSS("Loss (highest first)"),
    CONFIDENCE("Confidence (lowest first)"),
    LAST_EDIT("Last edit (newest first)");

    private final String title;

    SortOrder(String title) {
        this.title = title;
    }

    @Override
    public String toString() {
        return title;
    }

    /** A comparator; {@code classes} is the alphabet size, needed for the loss. */
    public Comparator<SampleRow> comparator(int classes) {
        return switch (this) {
            case DATASET -> Comparator.comparingInt(SampleRow::index);
            case NAME -> Comparator.comparing(SampleRow::name).thenComparingInt(SampleRow::index);
            case LOSS -> Comparator.comparingDouble((SampleRow r) -> r.prediction() == null ? Double.NEGATIVE_INFINITY
                    : r.prediction().loss(r.label(), classes)).reversed().thenComparingInt(SampleRow::index);
            case CONFIDENCE -> Comparator.comparingDouble((SampleRow r) -> r.prediction() == null
                    ? Double.POSITIVE_INFINITY : r.prediction().confidence()).thenComparingInt(SampleRow::index);
            case LAST_EDIT -> Comparator.comparingLong(SampleRow::editedAtMillis).reversed()
                    .thenComparingInt(SampleRow::index);
        };
    }
}
