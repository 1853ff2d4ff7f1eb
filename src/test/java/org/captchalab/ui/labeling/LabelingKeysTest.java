package org.captchalab.ui.labeling;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.captchalab.ui.HeadlessScreen;
import org.captchalab.ui.MainView;
import org.captchalab.ui.browser.BrowserViewModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The real window's keys for label edits, pressed as a user does: a label typed and saved with Enter, undone with
 * Ctrl+Z and redone with Ctrl+Y (besides Ctrl+Shift+Z), both in the label field and with the focus elsewhere.
 */
@ExtendWith(ApplicationExtension.class)
class LabelingKeysTest {

    @TempDir
    static Path temp;
    private static MainView view;

    @Start
    void start(Stage stage) {
        view = HeadlessScreen.openOnFakeImages(stage, temp);
    }

    @Test
    void ctrlYRedoesTheUndoneSaveInTheLabelFieldAndElsewhere(FxRobot robot) throws Exception {
        BrowserViewModel browser = view.browser();
        HeadlessScreen.awaitFakeImages(view);
        int image = browser.visibleProperty().get()[0];
        robot.interact(() -> browser.select(image));
        String before = browser.dataset().row(image).label();
        String fix = before.equals("abcd") ? "abce" : "abcd";

        TextField field = robot.lookup("#labelField").queryAs(TextField.class);
        robot.interact(() -> field.getScene().getWindow().requestFocus());
        // Ctrl+L (Edit > Edit label) moves focus into the field and selects its text, so typing replaces it
        robot.push(KeyCode.CONTROL, KeyCode.L);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(field.isFocused()).isTrue();
        robot.write(fix).type(KeyCode.ENTER);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> fix.equals(browser.dataset().row(image).label()));

        robot.push(KeyCode.CONTROL, KeyCode.Z);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> before.equals(browser.dataset().row(image).label()));
        robot.push(KeyCode.CONTROL, KeyCode.Y);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> fix.equals(browser.dataset().row(image).label()));
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> fix.equals(field.getText()));

        // the focus on the grid, not in the field: the menu's Ctrl+Z undoes, Ctrl+Y redoes
        robot.interact(() -> view.lookup(".sample-grid").requestFocus());
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(field.isFocused()).isFalse();
        robot.push(KeyCode.CONTROL, KeyCode.Z);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> before.equals(browser.dataset().row(image).label()));
        robot.push(KeyCode.CONTROL, KeyCode.Y);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> fix.equals(browser.dataset().row(image).label()));
    }
}
