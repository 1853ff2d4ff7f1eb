package org.captchalab.ui;

import java.util.Optional;
import javafx.geometry.Rectangle2D;

/**
 * Where the window opens. At 1500x940, the size its layout is designed and checked at, centred by JavaFX, where the
 * screen's free area holds that with a title bar; on a smaller screen (a 1366x768 or 1280x800 laptop) it is given
 * the free area's width or height, or both, so that no part of it starts off the screen: JavaFX would centre a
 * window larger than the screen, putting its menu bar and tabs above the top edge, out of reach.
 */
final class WindowPlacement {

    static final double WIDTH = 1500;
    static final double HEIGHT = 940;
    /** Room for the title bar and borders a window manager adds around the scene, unknown before the window shows. */
    static final double FRAME = 40;

    private WindowPlacement() {
    }

    /**
     * The window's bounds, title bar included, on a screen whose free area is {@code area} (the screen less its
     * panels); empty where the area holds the window at its own size.
     */
    static Optional<Rectangle2D> on(Rectangle2D area) {
        if (area.getWidth() >= WIDTH + FRAME && area.getHeight() >= HEIGHT + FRAME) {
            return Optional.empty();
        }
        double w = Math.min(WIDTH, area.getWidth());
        double h = Math.min(HEIGHT, area.getHeight());
        return Optional.of(new Rectangle2D(area.getMinX() + Math.floor((area.getWidth() - w) / 2),
                area.getMinY() + Math.floor((area.getHeight() - h) / 2), w, h));
    }
}
