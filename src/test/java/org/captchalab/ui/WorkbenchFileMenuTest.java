package org.captchalab.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javafx.stage.Stage;
import org.captchalab.ui.backend.RunSummary;
import org.captchalab.ui.fakes.FakeModelService;
import org.captchalab.ui.fakes.FakeWorkspace;
import org.captchalab.ui.fakes.MemoryPreferences;
import org.captchalab.ui.shared.Background;
import org.captchalab.ui.shared.DatasetState;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The File menu on fake backends: Dataset problems lists what the loader skipped; and label saves the window has
 * shown are not lost: a save the store refuses puts the old label back, and File > Quit (the close button's path)
 * lets the saves still queued reach the store, keeping the JVM up until they have.
 */
@ExtendWith(ApplicationExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WorkbenchFileMenuTest {

    private static final FakeWorkspace WORKSPACE = new FakeWorkspace(60);
    private static final FakeModelService MODELS = new FakeModelService();
    private static MainView view;
    private static Stage stage;
    private static final RecentDatasets RECENT = MemoryPreferences.recent();

    @Start
    void start(Stage s) {
        if (view != null) {
            s.setScene(view.getScene());
            s.show();
            stage = s;
            return;
        }
        stage = s;
        // trained elsewhere: the folder's automatic choice, until a run trained on it is saved
        MODELS.runs.add(new RunSummary("shipped", Path.of("fake-models", "shipped"), "strong", 10, 0.84, 1.0, 0.86,
                1_000, "abcdefghijklmnopqrstuvwxyz", 4, Path.of("elsewhere").toAbsolutePath().toString()));
        view = WorkbenchApp.open(s, new Backends(f -> WORKSPACE, MODELS), Path.of("fake"), url -> { }, RECENT);
    }

    private static DatasetState dataset() throws Exception {
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> view.browser().dataset() != null);
        return view.browser().dataset();
    }

    @Test
    @Order(0)
    void datasetProblemsListsEveryFileTheLoaderSkippedAndWhy(FxRobot robot) throws Exception {
        dataset();
        WORKSPACE.problems = List.of("a.png: not a PNG, JPEG, BMP or GIF image (unrecognised content)",
                "b.png: the file is empty");
        try {
            robot.clickOn("File");
            robot.clickOn("Dataset problems…");
            javafx.scene.control.TextArea list = robot.lookup("#problemsText").queryAs(javafx.scene.control.TextArea.class);
            assertThat(list.getText()).isEqualTo("2 problems reading fake (each line says what became of the image or labels.csv row):\n"
                    + "a.png: not a PNG, JPEG, BMP or GIF image (unrecognised content)\nb.png: the file is empty");
            assertThat(list.isEditable()).isFalse();
            robot.interact(() -> list.getScene().getWindow().hide());
        } finally {
            WORKSPACE.problems = List.of();
        }
    }

    @Test
    @Order(0)
    void f1ListsTheShortcutsInTwoAlignedColumns(FxRobot robot) throws Exception {
        dataset();
        robot.push(javafx.scene.input.KeyCode.F1);
        javafx.scene.layout.GridPane grid = robot.lookup("#keyHelp").queryAs(javafx.scene.layout.GridPane.class);
        robot.interact(() -> { });
        List<javafx.scene.control.Label> keys = new java.util.ArrayList<>();
        List<javafx.scene.control.Label> actions = new java.util.ArrayList<>();
        for (javafx.scene.Node n : grid.getChildren()) {
            Integer span = javafx.scene.layout.GridPane.getColumnSpan(n);
            if (span != null && span == 2) {
                continue; // a heading
            }
            (javafx.scene.layout.GridPane.getColumnIndex(n) == 0 ? keys : actions).add((javafx.scene.control.Label) n);
        }
        assertThat(keys).hasSize(13).hasSameSizeAs(actions);
        assertThat(keys.stream().map(javafx.scene.control.Label::getText)).contains("Enter", "Ctrl+Z", "F1 / Ctrl+Q");
        double widestKey = keys.stream().mapToDouble(l -> l.getBoundsInParent().getMaxX()).max().orElseThrow();
        assertThat(actions.stream().mapToDouble(l -> l.getBoundsInParent().getMinX()).distinct())
                .as("every action starts in one column, right of every key").singleElement()
                .satisfies(x -> assertThat(x).isGreaterThan(widestKey));
        // on a 1024x700 screen the dialog stood past both edges, one line (search) 1,060 pixels wide: actions wrap
        assertThat(grid.getScene().getWindow().getWidth()).as("the dialog's width").isLessThanOrEqualTo(900);
        assertThat(grid.getScene().getWindow().getHeight()).as("the dialog's height").isLessThanOrEqualTo(640);
        for (javafx.scene.control.Label action : actions) {
            javafx.scene.text.Text drawn = (javafx.scene.text.Text) action.lookup(".text");
            assertThat(drawn.getText().replace("\n", " ")).as("shown whole").isEqualTo(action.getText());
        }
        robot.interact(() -> grid.getScene().getWindow().hide());
    }

    @Test
    @Order(1)
    void aSaveTheStoreRefusesShowsTheOldLabelAgainAndSaysWhy(FxRobot robot) throws Exception {
        DatasetState ds = dataset();
        String before = ds.row(0).label();
        List<Exception> errors = new CopyOnWriteArrayList<>();
        WORKSPACE.failSaves = true;
        try {
            robot.interact(() -> {
                ds.saveLabel(0, "zzzz", errors::add);
                assertThat(ds.row(0).label()).as("shown at once").isEqualTo("zzzz");
            });
            WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> !errors.isEmpty());
            WaitForAsyncUtils.waitForFxEvents();
        } finally {
            WORKSPACE.failSaves = false;
        }
        assertThat(errors.get(0)).hasMessage("No space left on device");
        assertThat(ds.row(0).label()).as("what the store holds").isEqualTo(before);
    }

    @Test
    @Order(2)
    void quitWritesTheSavesStillQueuedAndStopsTheTrainingRunBeforeTheProgramEnds(FxRobot robot) throws Exception {
        DatasetState ds = dataset();
        javafx.scene.control.Label model = robot.lookup("#modelName").queryAs(javafx.scene.control.Label.class);
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> model.getText().strip().equals("shipped"));
        assertThat(RECENT.lastRuns(Path.of("fake"))).as("the automatic choice is not remembered").isEmpty();
        MODELS.iterationDelayMillis = 100; // two seconds an epoch: the run is in its first epochs at Quit
        MODELS.stopDelayMillis = 12_000; // and it takes longer to end than the queued saves take to be written
        robot.clickOn("Model");
        robot.clickOn("Start training");
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> MODELS.epochsEnded.get() >= 1);
        int already = WORKSPACE.saved.size();
        // ten saves take eight seconds: most are still queued when Quit is chosen, even on a machine so busy that the
        // robot takes seconds to reach File > Quit (at 200 ms a save, all ten were written first under load)
        WORKSPACE.saveMillis = 800;
        robot.interact(() -> {
            for (int i = 1; i <= 10; i++) {
                ds.saveLabel(i, "qqqq", e -> { });
            }
        });
        robot.clickOn("File");
        robot.clickOn("Quit");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> !stage.isShowing());
        assertThat(WORKSPACE.saved.size() - already).as("the window is gone before the saves are done").isLessThan(10);
        Thread waiter = Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals("finish-queued"))
                .findFirst().orElseThrow(() -> new AssertionError("nothing keeps the program up for the queued saves"));
        assertThat(waiter.isDaemon()).as("the JVM waits for it").isFalse();
        waiter.join(30_000);
        assertThat(waiter.isAlive()).isFalse();
        assertThat(WORKSPACE.saved.subList(already, WORKSPACE.saved.size()))
                .containsExactlyElementsOf(java.util.stream.IntStream.rangeClosed(1, 10).mapToObj(i -> i + "=qqqq").toList());
        // the run was stopped as Stop does, and saved what its finished epoch had learnt, before the program ended
        assertThat(MODELS.endings).containsExactly("saved STOPPED");
        assertThat(MODELS.closed).as("the dashboard's server stopped").isTrue();
        // and the model loaded at Quit, not that cut-short run trained here, is the folder's model next time
        assertThat(RECENT.lastRuns(Path.of("fake"))).containsExactly("shipped");
        MainViewModel nextLaunch = new MainViewModel(f -> WORKSPACE, MODELS, Background.DIRECT, Background.DIRECT, RECENT);
        nextLaunch.open(Path.of("fake"));
        assertThat(nextLaunch.modelNameProperty().get()).isEqualTo("shipped");
    }
}
