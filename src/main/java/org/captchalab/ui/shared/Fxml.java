package org.captchalab.ui.shared;

import java.io.IOException;
import java.io.UncheckedIOException;
import javafx.fxml.FXMLLoader;

/**
 * Loads the FXML file that sits beside a view class (same package, same simple name) with the view as both
 * root ({@code fx:root}) and controller, so each view is one class plus one layout file.
 */
public final class Fxml {

    private Fxml() {
    }

    public static void load(Object view) {
        Class<?> type = view.getClass();
        FXMLLoader loader = new FXMLLoader(type.getResource(type.getSimpleName() + ".fxml"));
        loader.setRoot(view);
        loader.setController(view);
        try {
            loader.load();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load the layout of " + type.getSimpleName(), e);
        }
    }
}
