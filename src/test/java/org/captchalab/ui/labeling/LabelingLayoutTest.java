package org.captchalab.ui.labeling;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.image.ImageView;
import javafx.stage.Stage;
import org.captchalab.ui.HeadlessScreen;
import org.captchalab.ui.MainView;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The Label tab of the real window at the sizes of smaller screens: every control lies inside the window (nothing
 * cut off at the right or the bottom, no scrolling needed for the buttons), and the large image is scaled down to
 * the panel rather than cut.
 */
@ExtendWith(ApplicationExtension.class)
class LabelingLayoutTest {

    @TempDir
    static Path temp;
    private static MainView view;
    private static Stage window;

    @Start
    void start(Stage stage) {
        window = stage;
        view = HeadlessScreen.openOnFakeImages(stage, temp);
    }

    @Test
    void everyControlOfTheLabelTabIsInsideTheWindowAtSmallerSizes(FxRobot robot) throws Exception {
        HeadlessScreen.awaitFakeImages(view);
        // the window's own size, whatever size an earlier test of this JVM left the shared stage at
        robot.interact(() -> {
            window.setWidth(1500);
            window.setHeight(940);
        });
        WaitForAsyncUtils.waitForFxEvents();
        robot.interact(() -> view.browser().select(view.browser().visibleProperty().get()[0]));
        ImageView large = robot.lookup("#largeImage").queryAs(ImageView.class);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> large.getImage() != null);
        // 129 pixels wide: blown up 4x where there is room
        assertThat(large.getFitWidth()).isEqualTo(516);

        for (int[] size : new int[][] {{1280, 800}, {1024, 700}}) {
            robot.interact(() -> {
                window.setWidth(size[0]);
                window.setHeight(size[1]);
            });
            WaitForAsyncUtils.waitForFxEvents();
            Scene scene = view.getScene();
            assertThat(scene.getWidth()).isEqualTo(size[0]);
            List<Node> controls = new ArrayList<>();
            for (String id : List.of("#previousButton", "#saveButton", "#acceptButton", "#nextButton", "#labelField", "#largeImage")) {
                controls.add(robot.lookup(id).query());
            }
            List<Node> cards = List.copyOf(robot.lookup("#positionBars .position").queryAll());
            assertThat(cards).hasSize(4);
            controls.addAll(cards);
            for (Node n : controls) {
                Bounds b = n.localToScene(n.getBoundsInLocal());
                assertThat(b.getMinX()).as("%s left at %s", n, size[0]).isGreaterThanOrEqualTo(0);
                assertThat(b.getMaxX()).as("%s right at %s", n, size[0]).isLessThanOrEqualTo(scene.getWidth());
                assertThat(b.getMinY()).as("%s top at %s", n, size[0]).isGreaterThanOrEqualTo(0);
                assertThat(b.getMaxY()).as("%s bottom at %s", n, size[0]).isLessThanOrEqualTo(scene.getHeight());
            }
            // scaled down, keeping its aspect
            assertThat(large.getFitWidth()).isLessThan(516);
            Bounds b = large.getBoundsInLocal();
            assertThat(b.getWidth() / b.getHeight()).isCloseTo(129 / 53.0, org.assertj.core.data.Offset.offset(0.02));
        }
        // a window too low even for the cards and buttons: the smallest image (not one sized by the width alone), and
        // the panel scrolls
        robot.interact(() -> {
            window.setWidth(1024);
            window.setHeight(380);
        });
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(large.getFitWidth()).isEqualTo(120);
    }

    @Test
    void aFilterThatShowsNoImageLeavesNothingToLabel(FxRobot robot) throws Exception {
        HeadlessScreen.awaitFakeImages(view);
        robot.interact(() -> view.browser().filterProperty().set(
                org.captchalab.ui.browser.SampleFilter.of(org.captchalab.ui.browser.SampleFilter.Kind.CORRECTED)));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> view.browser().selectedRowProperty().get() == null);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(robot.lookup("#positionBars .label").queryAs(javafx.scene.control.Label.class).getText())
                .isEqualTo("No image selected.");
        assertThat(robot.lookup("#acceptButton").queryAs(javafx.scene.control.Button.class).isDisabled()).isTrue();
        assertThat(robot.lookup("#saveButton").queryAs(javafx.scene.control.Button.class).isDisabled()).isTrue();
        robot.interact(() -> view.browser().filterProperty().set(
                org.captchalab.ui.browser.SampleFilter.of(org.captchalab.ui.browser.SampleFilter.Kind.ALL)));
    }
}
