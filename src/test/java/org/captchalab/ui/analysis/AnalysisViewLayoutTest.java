package org.captchalab.ui.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import javafx.geometry.Bounds;
import javafx.scene.Scene;
import javafx.scene.canvas.Canvas;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.captchalab.ui.browser.BrowserViewModel;
import org.captchalab.ui.fakes.FakeWorkspace;
import org.captchalab.ui.shared.Background;
import org.captchalab.ui.shared.DatasetState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The Errors tab's view with the window's style sheet: the confusion matrix of a 26-letter alphabet fits the
 * width it is given (cells scaled down), scrolls instead of being cut when even its smallest cells do not fit, every
 * cell says what it counts in a tooltip, and each position's accuracy is shown as a figure.
 */
@ExtendWith(ApplicationExtension.class)
class AnalysisViewLayoutTest {

    private final FakeWorkspace ws = new FakeWorkspace(300);
    private final DatasetState state = new DatasetState(ws, ws.rows(), Background.DIRECT);
    private final BrowserViewModel browser = new BrowserViewModel(Background.DIRECT);
    private final AnalysisViewModel vm = new AnalysisViewModel(() -> state, browser, Background.DIRECT);
    private AnalysisView view;
    private Stage stage;

    @Start
    void start(Stage stage) {
        this.stage = stage;
        browser.setDataset(state);
        view = new AnalysisView(vm);
        Scene scene = new Scene(view, 560, 900);
        scene.getStylesheets().add(getClass().getResource("/org/captchalab/ui/workbench.css").toExternalForm());
        stage.setScene(scene);
        // the shared stage keeps a size an earlier test of this JVM set (a window test at 1024x700): the scene's here
        stage.sizeToScene();
        stage.show();
    }

    @Test
    void theMatrixFitsItsWidthHasTooltipsAndAccuracyIsShownAsFigures(FxRobot robot) {
        robot.interact(() -> {
            vm.positionProperty().set(1);
            vm.recount();
        });
        WaitForAsyncUtils.waitForFxEvents();
        Confusion c = vm.confusionProperty().get();
        Canvas heatMap = view.heatMap();
        Bounds matrix = heatMap.localToScene(heatMap.getBoundsInLocal());
        // 25 letters occur: at the 22-pixel cells of before it was 573 pixels wide, more than the window's 560
        assertThat(matrix.getMaxX()).isLessThanOrEqualTo(view.getScene().getWidth());
        assertThat(matrix.getMinX()).isGreaterThanOrEqualTo(0);

        int z = c.chars().indexOf('z');
        int t = AnalysisViewModelTest.misreadAs(c, z);
        int n = c.counts()[t][z];
        int ofTrue = java.util.Arrays.stream(c.counts()[t]).sum();
        double[] centre = view.cellCentre(c.chars().charAt(t), 'z');
        char tc = c.chars().charAt(t);
        assertThat(view.tooltipAt(centre[0], centre[1])).isEqualTo(String.format(Locale.ROOT,
                "true '%c' read as 'z': %d image%s (%.1f%% of '%c')", tc, n, n == 1 ? "" : "s", 100.0 * n / ofTrue, tc));
        assertThat(view.tooltipAt(-5, centre[1])).isNull();

        for (int p = 0; p < c.positionAccuracy().length; p++) {
            Label figure = robot.lookup("#positionAccuracy" + (p + 1)).queryAs(Label.class);
            assertThat(figure.getText()).isEqualTo(String.format(Locale.ROOT, "%.1f%%", 100 * c.positionAccuracy()[p]));
        }
        // position 2 is wrong on every third image: the figures tell 100% and 66.7% apart
        assertThat(robot.lookup("#positionAccuracy1").queryAs(Label.class).getText()).isEqualTo("100.0%");
        assertThat(robot.lookup("#positionAccuracy2").queryAs(Label.class).getText()).isNotEqualTo("100.0%");

        // too narrow even for the smallest cells: the tab scrolls sideways to the whole matrix
        robot.interact(() -> stage.setWidth(300));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(view.getContent().getLayoutBounds().getWidth()).isGreaterThanOrEqualTo(heatMap.getWidth());
        assertThat(view.getContent().getLayoutBounds().getWidth()).isGreaterThan(view.getViewportBounds().getWidth());
    }
}
