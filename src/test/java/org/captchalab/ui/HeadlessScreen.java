package org.captchalab.ui;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.stage.Stage;
import org.captchalab.ui.fakes.FakeModelService;
import org.captchalab.ui.fakes.FakeWorkspace;
import org.captchalab.ui.fakes.MemoryPreferences;
import org.testfx.util.WaitForAsyncUtils;

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

    /** How many images the window opened by {@link #openOnFakeImages} shows. */
    public static final int FAKE_IMAGES = 40;

    /**
     * The real window on {@link #FAKE_IMAGES} fake images with a fake model service, its saved runs in
     * {@code modelsFolder} and its preferences in memory. FX thread.
     */
    public static MainView openOnFakeImages(Stage stage, Path modelsFolder) {
        return WorkbenchApp.open(stage, new Backends(folder -> new FakeWorkspace(FAKE_IMAGES), new FakeModelService()),
                modelsFolder, url -> { }, MemoryPreferences.recent());
    }

    /** Waits until the grid of {@code view} shows every fake image, i.e. the dataset has opened. */
    public static void awaitFakeImages(MainView view) throws TimeoutException {
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> view.browser().visibleProperty().get().length == FAKE_IMAGES);
    }

    /** A node's bounds in its scene's coordinates. */
    public static Bounds inScene(Node n) {
        return n.localToScene(n.getBoundsInLocal());
    }
}
