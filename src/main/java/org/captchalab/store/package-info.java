/**
 * The crash-safe work store: an embedded SQLite database (WAL) holding each image's current and original
 * label, the edit history (undo/redo, audit), the persisted split and cached predictions.
 *
 * <p>May import {@code dataset}, the JDK, JDBC (sqlite-jdbc), Jackson (compact JSON of cached predictions) and
 * SLF4J: no JavaFX, no DL4J/ND4J.
 */
package org.captchalab.store;
