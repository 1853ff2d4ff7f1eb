package org.captchalab.store;

import java.time.Instant;

/**
 * One entry of a dataset's label history, kept for undo/redo and as an audit trail: who changed which image's
 * label from what to what, and when. Undo and redo are entries too, so the history never loses a step.
 *
 * @param id       increasing with time
 * @param path     the image, relative to the dataset folder
 * @param oldLabel the label before (null: unlabelled)
 * @param newLabel the label after (null: unlabelled)
 */
public record Edit(long id, String path, String oldLabel, String newLabel, Kind kind, String author, Instant at) {

    /** What made the change. */
    public enum Kind {
        EDIT, UNDO, REDO
    }
}
