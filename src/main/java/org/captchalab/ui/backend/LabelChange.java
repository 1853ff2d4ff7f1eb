package org.captchalab.ui.backend;

/** A label as the store now holds it after a save, undo or redo; {@code label} null means unlabelled. */
public record LabelChange(int index, String label, long editedAtMillis) {
}
