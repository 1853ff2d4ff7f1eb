package org.captchalab.ui;

import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.stage.Stage;

/**
 * For window tests that share TestFX's one stage on Monocle's 1600x1200 headless screen, where the robot's clicks
 * land. A test before may have left that stage smaller and centred for a narrow scene, where a 1500-pixel window
 * would reach past the screen's edge (one left it at x 650, and a button off the screen).
 */
public final class HeadlessScreen {

    private HeadlessScreen() {
    }

    /** Puts the stage at the screen's top left at 1500x940, the size the window's layout is checked at. FX thread. */
    public static void placeAt1500By940(Stage stage) {
        stage.setX(0);
        stage.setY(0);
        stage.setWidth(1500);
        stage.setHeight(940);
    }

    /** A node's bounds in its scene's coordinates. */
    public static Bounds inScene(Node n) {
        return n.localToScene(n.getBoundsInLocal());
    }
}
