package org.captchalab.ui;

import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/**
 * The window's status line, with one rule of its own: a line about a run just saved and not loaded ("Run X saved;
 * ...") is kept at its head until the user asks for something else (opens a folder, loads a model, another view says
 * something), since the loading and readings that follow it, of a model chosen meanwhile or of another folder's, would
 * otherwise replace it at once. FX thread only.
 */
final class StatusLine {

    private final ReadOnlyStringWrapper text = new ReadOnlyStringWrapper(this, "status", "");
    /** The saved-run note at the head of the line, or null. */
    private String note;
    /** The line's text after the note, if any (what {@link #say} was last given). */
    private String said = "";

    /** Sets the line: the saved-run note, if one is kept, then {@code line}. */
    void say(String line) {
        said = line;
        text.set(note == null ? line : note + " · " + line);
    }

    /** Adds {@code more} to what the line says. */
    void sayAlso(String more) {
        say(said.isEmpty() ? more : said + " · " + more);
    }

    /** Puts a line about a run just saved at the head of the line, where it stays until {@link #userActed}. */
    void noteSavedRun(String line) {
        note = line;
        said = "";
        text.set(line);
    }

    /** The user has asked for something else: the saved-run note goes with the next {@link #say}. */
    void userActed() {
        note = null;
    }

    ReadOnlyStringProperty property() {
        return text.getReadOnlyProperty();
    }
}
