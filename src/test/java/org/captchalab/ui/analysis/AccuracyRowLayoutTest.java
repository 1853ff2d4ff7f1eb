package org.captchalab.ui.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.captchalab.ui.HeadlessScreen.inScene;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Label;
import javafx.scene.layout.Pane;
import javafx.scene.layout.Region;
import javafx.scene.shape.Rectangle;
import javafx.scene.text.Text;
import javafx.stage.Stage;
import org.captchalab.ui.HeadlessScreen;
import org.captchalab.ui.MainView;
import org.captchalab.ui.fakes.FakeWorkspace;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The Errors tab's accuracy row in the real window: at 1500x940 the full sequence's accuracy and all four positions'
 * stand on one line (the fourth position wrapped to a second line there), each position's figure over a bar of its
 * share; in a 1024-pixel window the row wraps whole positions, none leaving the panel, and the count of images beside
 * the choices above it wraps rather than being cut short.
 */
@ExtendWith(ApplicationExtension.class)
class AccuracyRowLayoutTest {

    @TempDir
    static Path temp;
    private static MainView view;
    private static Stage window;

    @Start
    void start(Stage stage) {
        window = stage;
        HeadlessScreen.placeAt1500By940(stage); // from the start, whatever an earlier test left the shared stage at
        view = HeadlessScreen.openOnFakeImages(stage, temp);
    }

    @Test
    void theAccuracyRowIsOneLineAt1500By940AndWrapsWholePositionsWhenNarrower(FxRobot robot) throws Exception {
        HeadlessScreen.awaitFakeImages(view);
        // the window's own size and place, whatever an earlier test of this JVM left the shared stage at
        robot.interact(() -> HeadlessScreen.placeAt1500By940(window));
        robot.clickOn("Errors");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup("#positionAccuracy4").tryQuery().isPresent());
        WaitForAsyncUtils.waitForFxEvents();

        List<Node> row = List.copyOf(robot.lookup("#positionAccuracy").queryAs(Pane.class).getChildren());
        assertThat(row).as("the heading, the full sequence and four positions").hasSize(6);
        for (Node item : row) {
            assertThat(item.getLayoutY()).as("one line: %s", item).isEqualTo(row.get(0).getLayoutY());
        }
        // FakeWorkspace: position 2 is wrong on every third image, the others always right
        for (int p = 0; p < 4; p++) {
            Label figure = robot.lookup("#positionAccuracy" + (p + 1)).queryAs(Label.class);
            Region track = (Region) ((Parent) figure.getParent()).getChildrenUnmodifiable().get(1);
            Rectangle bar = (Rectangle) track.getChildrenUnmodifiable().get(0);
            assertThat(inScene(track).getMinY()).as("the bar under the figure").isGreaterThanOrEqualTo(inScene(figure).getMaxY());
            assertThat(track.getWidth()).isEqualTo(figure.getWidth());
            double share = Double.parseDouble(figure.getText().replace("%", "")) / 100;
            assertThat(bar.getWidth()).as("#%d's bar", p + 1)
                    .isCloseTo(track.getWidth() * share, org.assertj.core.data.Offset.offset(1.0));
        }
        assertThat(robot.lookup("#positionAccuracy2").queryAs(Label.class).getText()).isNotEqualTo("100.0%");

        robot.interact(() -> {
            window.setWidth(1024);
            window.setHeight(700);
        });
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(row.stream().mapToDouble(Node::getLayoutY).distinct().count()).as("wrapped").isGreaterThan(1);
        for (Node item : row) {
            assertThat(inScene(item).getMaxX()).as("%s", item).isLessThanOrEqualTo(view.getScene().getWidth());
            assertThat(((Region) item).getWidth()).as("not squeezed: %s", item)
                    .isGreaterThanOrEqualTo(((Region) item).prefWidth(-1));
        }
        // the count beside the choices read "36 labelled images with a..." in a 1024-pixel window: it wraps instead
        Label summary = robot.lookup("#confusionSummary").queryAs(Label.class);
        assertThat(summary.getText()).startsWith("36 labelled images with a prediction");
        Text drawn = (Text) summary.lookup(".text");
        assertThat(drawn.getText().replace("\n", " ")).as("shown whole").isEqualTo(summary.getText());
        assertThat(inScene(summary).getMaxX()).isLessThanOrEqualTo(view.getScene().getWidth());
    }
}
