package org.captchalab.ui.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import javafx.scene.control.Label;
import org.captchalab.ui.WorkbenchApp;
import org.captchalab.ui.prediction.PositionBars;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;

@ExtendWith(ApplicationExtension.class)
class FirstDrawRehearsalTest {

    @Test
    void drawsTheMadeUpPredictionThroughTheRealTileAndBarCode(FxRobot robot) {
        String css = WorkbenchApp.class.getResource("workbench.css").toExternalForm();
        AtomicReference<PositionBars> bars = new AtomicReference<>();
        robot.interact(() -> bars.set(FirstDrawRehearsal.rehearse(List.of(css))));
        // four position columns, styled and laid out, the last one marked as differing from the label
        assertThat(bars.get().getChildren()).hasSize(4);
        assertThat(bars.get().getChildren()).allSatisfy(column -> assertThat(column.getLayoutBounds().getWidth()).isPositive());
        List<String> shown = bars.get().lookupAll(".label").stream().map(n -> ((Label) n).getText()).toList();
        assertThat(shown).contains("a", "b", "c", "d");
        assertThat(bars.get().getChildren().stream().filter(c -> c.getStyleClass().contains("mismatch")).count())
                .isEqualTo(1);
    }
}
