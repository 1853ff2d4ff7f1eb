package org.captchalab.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.captchalab.ui.HeadlessScreen.inScene;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import javafx.geometry.Bounds;
import javafx.geometry.Rectangle2D;
import javafx.scene.Node;
import javafx.scene.control.TextField;
import javafx.scene.text.Text;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The window opens inside the screen's free area on a laptop's screen: it opened at 1500x940 whatever the screen,
 * centred, so that on 1366x768 its menu bar and tabs stood above the screen's top edge, out of reach. There, and at
 * 1500x940, the search field's hint is drawn whole.
 */
@ExtendWith(ApplicationExtension.class)
class WindowPlacementTest {

    @TempDir
    static Path temp;
    private static Stage window;
    private final Supplier<Rectangle2D> realScreen = WorkbenchApp.screenArea;

    @Start
    void start(Stage stage) {
        window = stage;
    }

    @AfterEach
    void restoreScreen() {
        WorkbenchApp.screenArea = realScreen;
    }

    @Test
    void aScreenThatHoldsTheWindowLeavesItToJavaFx() {
        assertThat(WindowPlacement.on(new Rectangle2D(0, 0, 1920, 1080))).isEmpty();
        assertThat(WindowPlacement.on(new Rectangle2D(0, 0, 1600, 1200))).isEmpty();
    }

    @Test
    void aSmallerScreenGivesTheWindowItsFreeAreaWhereTheWindowWouldNotFit() {
        assertThat(WindowPlacement.on(new Rectangle2D(0, 0, 1366, 768))).contains(new Rectangle2D(0, 0, 1366, 768));
        // wide enough, not high enough (a panel at the top): the window keeps its width, centred, and takes the height
        assertThat(WindowPlacement.on(new Rectangle2D(0, 27, 1600, 873))).contains(new Rectangle2D(50, 27, 1500, 873));
        // a second screen to the right of the first
        assertThat(WindowPlacement.on(new Rectangle2D(1920, 0, 1024, 700))).contains(new Rectangle2D(1920, 0, 1024, 700));
    }

    @Test
    void theRealWindowOpensInsideALaptopsScreenWithItsMenuTabsAndStatusLineOnIt(FxRobot robot) throws Exception {
        for (Rectangle2D area : List.of(new Rectangle2D(0, 0, 1366, 768), new Rectangle2D(0, 0, 1024, 700))) {
            WorkbenchApp.screenArea = () -> area;
            AtomicReference<MainView> view = new AtomicReference<>();
            robot.interact(() -> view.set(HeadlessScreen.openOnFakeImages(window, temp)));
            HeadlessScreen.awaitFakeImages(view.get());
            WaitForAsyncUtils.waitForFxEvents();

            String size = (int) area.getWidth() + "x" + (int) area.getHeight();
            assertThat(window.getX()).as("left at %s", size).isGreaterThanOrEqualTo(area.getMinX());
            assertThat(window.getY()).as("top at %s", size).isGreaterThanOrEqualTo(area.getMinY());
            assertThat(window.getX() + window.getWidth()).as("right at %s", size).isLessThanOrEqualTo(area.getMaxX());
            assertThat(window.getY() + window.getHeight()).as("bottom at %s", size).isLessThanOrEqualTo(area.getMaxY());
            var scene = view.get().getScene();
            List<Node> shown = List.of(robot.lookup(".menu-bar").query(), robot.lookup(".tab-header-area").query(),
                    robot.lookup("#status").query());
            for (Node n : shown) {
                Bounds b = inScene(n);
                assertThat(b.getMinY()).as("%s top at %s", n, size).isGreaterThanOrEqualTo(0);
                assertThat(b.getMaxY()).as("%s bottom at %s", n, size).isLessThanOrEqualTo(scene.getHeight());
                assertThat(b.getMaxX()).as("%s right at %s", n, size).isLessThanOrEqualTo(scene.getWidth() + 0.5);
            }
            assertTheSearchHintIsWhole(robot, size);
        }
        // and on a screen that holds the whole window, where the field has its full width
        robot.interact(() -> HeadlessScreen.placeAt1500By940(window));
        WaitForAsyncUtils.waitForFxEvents();
        assertTheSearchHintIsWhole(robot, "1500x940");
    }

    /**
     * The search field's hint, as drawn in the empty field, ends inside the field's text area: at 1024x700 the field
     * shrinks, and "part of a label, or a?c*" was cut to "part of a label, or".
     */
    private static void assertTheSearchHintIsWhole(FxRobot robot, String size) {
        TextField search = robot.lookup("#search").queryAs(TextField.class);
        assertThat(search.getText()).isEmpty();
        Text hint = search.lookupAll("*").stream().filter(n -> n instanceof Text t && t.isVisible()
                && search.getPromptText().equals(t.getText())).map(n -> (Text) n).findFirst().orElseThrow();
        double room = inScene(search).getMaxX() - search.snappedRightInset();
        assertThat(inScene(hint).getMinX()).as("hint's left at %s", size)
                .isGreaterThanOrEqualTo(inScene(search).getMinX() + search.snappedLeftInset() - 0.5);
        assertThat(inScene(hint).getMaxX()).as("hint's right at %s", size).isLessThanOrEqualTo(room + 0.5);
    }
}
