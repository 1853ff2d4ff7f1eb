package org.captchalab.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javafx.stage.Stage;
import org.captchalab.ui.fakes.FakeModelService;
import org.captchalab.ui.fakes.FakeWorkspace;
import org.captchalab.ui.fakes.MemoryPreferences;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * File > Export labels in the real window (fake backends): the labels corrected here, including a save still being
 * written when the export is asked for, reach the CSV the user names, and the status line says so.
 */
@ExtendWith(ApplicationExtension.class)
class WorkbenchExportTest {

    @TempDir
    static Path temp;
    private static final FakeWorkspace WORKSPACE = new FakeWorkspace(20);
    private static MainView view;

    @Start
    void start(Stage stage) {
        view = WorkbenchApp.open(stage, new Backends(f -> WORKSPACE, new FakeModelService()), temp, url -> { },
                MemoryPreferences.recent());
    }

    @Test
    void exportWritesTheCorrectedLabelsIncludingASaveStillBeingWritten(FxRobot robot) throws Exception {
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> view.browser().visibleProperty().get().length == 20);
        Path csv = temp.resolve("fake-labels.csv");
        Path[] offered = new Path[1];
        robot.interact(() -> view.setExportChooser((owner, folder) -> {
            offered[0] = folder;
            return csv.toFile();
        }));
        int image = 0;
        String before = view.browser().dataset().row(image).label();
        String fix = before.equals("abcd") ? "abce" : "abcd";
        // a slow disk: the save is still being written when the export is asked for, and must be in the file
        WORKSPACE.saveMillis = 500;
        try {
            robot.interact(() -> view.browser().dataset().saveLabel(image, fix, e -> { }));
            robot.clickOn("File");
            robot.clickOn("Export labels…");
            WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> Files.exists(csv));
        } finally {
            WORKSPACE.saveMillis = 0;
        }
        assertThat(offered[0]).isEqualTo(WORKSPACE.folder());
        String path = WORKSPACE.rows().get(image).path();
        assertThat(Files.readAllLines(csv)).contains(path + "," + fix).doesNotContain(path + "," + before);
        // two of the twenty are unlabelled (FakeWorkspace leaves every tenth without a label)
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> view.viewModel().statusProperty().get()
                .equals("Exported 18 labels to " + csv + " (2 unlabelled image(s) left out)"));
    }
}
