package org.captchalab.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.File;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javafx.scene.Node;
import javafx.scene.chart.LineChart;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.Spinner;
import javafx.scene.control.TextField;
import javafx.scene.image.ImageView;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.TilePane;
import javafx.stage.Stage;
import org.captchalab.dataset.ImageDecoder;
import org.captchalab.dataset.PixelEncoder;
import org.captchalab.dataset.Split;
import org.captchalab.model.ModelFolder;
import org.captchalab.model.RunInfo;
import org.captchalab.model.SavedModel;
import org.captchalab.model.SequencePrediction;
import org.captchalab.ui.backend.Dl4jModelService;
import org.captchalab.ui.backend.RunSummary;
import org.captchalab.ui.backend.StoreWorkspace;
import org.captchalab.ui.browser.BrowserViewModel;
import org.captchalab.ui.browser.SampleFilter;
import org.captchalab.ui.fakes.MemoryPreferences;
import org.captchalab.ui.fakes.SampleSets;
import org.deeplearning4j.ui.api.UIServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Drives the real window on the real backends through the saved-run features: it opens a generated dataset
 * with the shipped {@code qq-strong} run beside it, trains a run and pauses and resumes it, compares the two
 * runs, opens the DL4J dashboard, shows the augmentation preview and opens another folder from the File menu.
 */
@ExtendWith(ApplicationExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WorkbenchRunsTest {

    static {
        // As the product's Launcher does: ND4J's natives loaded on this thread before the window starts, so
        // the run warm-up starts with the first window of this JVM, whatever tests ran before.
        org.captchalab.Nd4jTestSupport.init();
        org.captchalab.model.NativeLibraries.load();
        // Any free port for the dashboard server, not 9000, which something else on the machine may hold.
        System.setProperty("org.deeplearning4j.ui.port", "0");
    }

    private static final String SHIPPED = "qq-strong";
    @TempDir
    static Path temp;
    private static MainView view;
    private static Path data;
    private static final List<String> browsed = new CopyOnWriteArrayList<>();
    private static boolean dashboardStarted;

    @Start
    void start(Stage stage) throws Exception {
        if (view != null) {
            stage.setScene(view.getScene());
            stage.show();
            return;
        }
        // Seed 11: images qq-strong never trained on (it was trained on seed 7), so it reads only some right.
        data = SampleSets.generate(temp.resolve("qq"), 160, 11);
        Path models = temp.resolve("models");
        Path shipped = Files.createDirectories(models.resolve(SHIPPED));
        for (String f : List.of(ModelFolder.RUN_JSON, ModelFolder.NETWORK)) {
            Files.copy(Path.of("models", SHIPPED, f), shipped.resolve(f));
        }
        Backends backends = new Backends(f -> StoreWorkspace.open(f, models), new Dl4jModelService());
        RecentDatasets recent = MemoryPreferences.recent();
        view = WorkbenchApp.open(stage, backends, data, browsed::add, recent);
    }

    @AfterAll
    static void stopDashboard() throws Exception {
        if (dashboardStarted) {
            UIServer.stopInstance();
        }
    }

    /** Polls the condition on the FX thread (it looks nodes up in a scene graph the FX thread is changing). */
    private static void waitFor(int seconds, Callable<Boolean> condition) throws Exception {
        WaitForAsyncUtils.waitFor(seconds, TimeUnit.SECONDS,
                () -> WaitForAsyncUtils.asyncFx(condition).get(seconds, TimeUnit.SECONDS));
        WaitForAsyncUtils.waitForFxEvents();
    }

    private static BrowserViewModel browser() {
        return view.browser();
    }

    private static ListView<RunSummary> runs(FxRobot robot) {
        return robot.lookup("#runs").queryAs(ListView.class);
    }

    private static Node runCell(FxRobot robot, String name) {
        return robot.lookup("#runs .list-cell").match(n -> {
            Object item = ((ListCell<?>) n).getItem();
            return item instanceof RunSummary r && r.name().equals(name);
        }).query();
    }

    private static String trainedRunName(FxRobot robot) {
        return runs(robot).getItems().stream().map(RunSummary::name).filter(n -> !n.equals(SHIPPED)).findFirst()
                .orElseThrow();
    }

    @Test
    @Order(1)
    void opensWithTheShippedRunThenPausesAndResumesATrainingRun(FxRobot robot) throws Exception {
        Label model = robot.lookup("#modelName").queryAs(Label.class);
        waitFor(60, () -> browser().visibleProperty().get().length == 160 && model.getText().trim().equals(SHIPPED));

        robot.clickOn("Training");
        robot.interact(() -> {
            robot.lookup("#epochs").queryAs(Spinner.class).getValueFactory().setValue(3);
            robot.lookup("#batch").queryAs(Spinner.class).getValueFactory().setValue(4);
        });
        ProgressBar progress = robot.lookup("#trainingProgress").queryAs(ProgressBar.class);
        Label progressText = robot.lookup("#trainingProgressText").queryAs(Label.class);
        Button pause = robot.lookup("#pauseTraining").queryAs(Button.class);
        robot.clickOn("#startTraining");
        waitFor(120, () -> progress.getProgress() > 0);
        robot.clickOn(pause);
        assertThat(pause.getText()).isEqualTo("Resume");
        assertThat(progress.getProgress()).isLessThan(1);

        // The minibatch under way when Pause was pressed may still report; after that nothing moves.
        String settled = waitUntilSettled(progressText);
        double pausedAt = progress.getProgress();
        assertThat(settled).contains("· paused");
        WaitForAsyncUtils.sleep(2, TimeUnit.SECONDS);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(progressText.getText()).isEqualTo(settled);
        assertThat(progress.getProgress()).isEqualTo(pausedAt);
        assertThat(robot.lookup("#startTraining").queryAs(Button.class).isDisabled()).isTrue();

        robot.clickOn(pause);
        assertThat(pause.getText()).isEqualTo("Pause");
        waitFor(60, () -> progress.getProgress() > pausedAt);
        assertThat(progressText.getText()).doesNotContain("paused");
        waitFor(240, () -> runs(robot).getItems().size() == 2 && progressText.getText().startsWith("Finished"));
        LineChart<?, ?> acc = robot.lookup("#accuracyChart").queryAs(LineChart.class);
        assertThat(acc.getData().get(1).getData()).hasSize(3);
        assertThat(pause.isDisabled()).isTrue();
    }

    /** Waits until the text has not changed for a second (at most 20 s) and returns it. */
    private static String waitUntilSettled(Label text) throws Exception {
        String last = null;
        for (int i = 0; i < 20; i++) {
            WaitForAsyncUtils.waitForFxEvents();
            String now = text.getText();
            if (now.equals(last)) {
                return now;
            }
            last = now;
            WaitForAsyncUtils.sleep(1, TimeUnit.SECONDS);
        }
        throw new AssertionError("the progress line kept changing while paused: " + last);
    }

    @Test
    @Order(2)
    void comparingTwoRunsShowsExactlyTheImagesOneReadsRightAndTheOtherWrong(FxRobot robot) throws Exception {
        String trained = trainedRunName(robot);
        // on hovering, a run says where it was trained: its figures describe that dataset
        ListCell<?> shipped = (ListCell<?>) runCell(robot, SHIPPED);
        // after the whole line, which a narrow window cuts off
        assertThat(shipped.getTooltip().getText()).startsWith(shipped.getText() + "\n");
        String shippedOrigin = shipped.getTooltip().getText().substring(shipped.getText().length() + 1);
        assertThat(shippedOrigin).startsWith(SHIPPED + ": trained on ").contains("where its accuracies were measured")
                .endsWith("reads 4 characters of abcdefghijklmnopqrstuvwxyz (26)");
        assertThat(((ListCell<?>) runCell(robot, trained)).getTooltip().getText())
                .contains("trained on " + data.toAbsolutePath());
        robot.clickOn(runCell(robot, SHIPPED));
        robot.press(KeyCode.CONTROL).clickOn(runCell(robot, trained)).release(KeyCode.CONTROL);
        assertThat(runs(robot).getSelectionModel().getSelectedItems()).hasSize(2);
        robot.clickOn("#compareRuns");

        // Independently: both saved networks read every image file; the label is the file name before '_'. The run
        // trained here has learnt the train split, so only the others count (the split as the store assigned it).
        Set<String> train = new HashSet<>();
        for (int i = 0; i < browser().dataset().size(); i++) {
            if (browser().dataset().row(i).split() == Split.TRAIN) {
                train.add(Path.of(browser().dataset().row(i).path()).getFileName().toString());
            }
        }
        assertThat(train).isNotEmpty();
        Set<String> expected = rightInExactlyOne(Path.of(temp.resolve("models").toString(), SHIPPED),
                temp.resolve("models").resolve(trained));
        expected.removeAll(train);
        assertThat(expected).isNotEmpty();

        waitFor(120, () -> browser().filterProperty().get().kind() == SampleFilter.Kind.CHOSEN);
        assertThat(robot.lookup("#status").queryAs(Label.class).getText()).contains("held-out labelled").contains(trained + " was trained on this folder's train split");
        Set<String> shown = new HashSet<>();
        for (int i : browser().visibleProperty().get()) {
            shown.add(Path.of(browser().dataset().row(i).path()).getFileName().toString());
        }
        assertThat(shown).isEqualTo(expected);
        assertThat(robot.lookup("#shown").queryAs(Label.class).getText()).isEqualTo(expected.size() + " shown");
        assertThat(javafx.stage.Window.getWindows()).hasSize(1);
    }

    private static Set<String> rightInExactlyOne(Path runA, Path runB) throws Exception {
        SavedModel a = ModelFolder.load(runA);
        SavedModel b = ModelFolder.load(runB);
        List<Path> files;
        try (Stream<Path> s = Files.list(data)) {
            files = s.filter(p -> p.getFileName().toString().endsWith(".png")).sorted().toList();
        }
        Set<String> out = new HashSet<>();
        for (int from = 0; from < files.size(); from += 128) {
            List<Path> batch = files.subList(from, Math.min(files.size(), from + 128));
            List<byte[]> forA = new ArrayList<>();
            List<byte[]> forB = new ArrayList<>();
            for (Path f : batch) {
                BufferedImage img = ImageDecoder.decode(f);
                forA.add(PixelEncoder.rgb(img, a.info().inputSize()));
                forB.add(PixelEncoder.rgb(img, b.info().inputSize()));
            }
            List<SequencePrediction> pa = a.predictor().predict(forA);
            List<SequencePrediction> pb = b.predictor().predict(forB);
            for (int k = 0; k < batch.size(); k++) {
                String name = batch.get(k).getFileName().toString();
                String label = name.substring(0, name.indexOf('_'));
                if (pa.get(k).text().equals(label) != pb.get(k).text().equals(label)) {
                    out.add(name);
                }
            }
        }
        return out;
    }

    @Test
    @Order(3)
    void theDashboardButtonServesTheRunsStatisticsAndOpensALocalPage(FxRobot robot) throws Exception {
        robot.clickOn(runCell(robot, trainedRunName(robot)));
        robot.clickOn("#dashboard");
        dashboardStarted = true;
        waitFor(120, () -> !browsed.isEmpty());
        assertThat(browsed).hasSize(1);
        URI page = URI.create(browsed.get(0));
        assertThat(page.getScheme()).isEqualTo("http");
        assertThat(page.getHost()).isEqualTo("127.0.0.1");
        assertThat(robot.lookup("#status").queryAs(javafx.scene.control.Label.class).getText()).as("also on the status line")
                .startsWith("DL4J dashboard: " + browsed.get(0));
        HttpURLConnection c = (HttpURLConnection) page.toURL().openConnection();
        c.setConnectTimeout(10_000);
        c.setReadTimeout(30_000);
        assertThat(c.getResponseCode()).isEqualTo(200);
        c.disconnect();
        // The server holds the run's recorded statistics (one training session).
        assertThat(UIServer.getInstance().getStatsStorageInstances()).singleElement()
                .satisfies(s -> assertThat(s.listSessionIDs()).isNotEmpty());
    }

    @Test
    @Order(4)
    @SuppressWarnings("unchecked")
    void theAugmentationPreviewShowsImagesWhileAugmentationIsOn(FxRobot robot) throws Exception {
        TilePane preview = robot.lookup("#augmentPreview").queryAs(TilePane.class);
        assertThat(preview.getChildren()).isEmpty();
        Spinner<?> strength = robot.lookup("#augmentStrength").queryAs(Spinner.class);
        assertThat(strength.isDisabled()).as("the strength is for augmentation only").isTrue();
        // from the top of the panel, as a user who has just opened it sees it
        robot.interact(() -> robot.lookup(".training").queryAs(javafx.scene.control.ScrollPane.class).setVvalue(0));
        Node start = robot.lookup("#startTraining").query();
        double startY = start.localToScene(start.getBoundsInLocal()).getMinY();
        robot.clickOn("#augment");
        assertThat(strength.isDisabled()).isFalse();
        waitFor(30, () -> preview.getChildren().size() == 8);
        robot.interact(() -> { }); // the preview laid out
        assertThat(start.localToScene(start.getBoundsInLocal()).getMinY()).as("the preview does not push Start out of reach")
                .isEqualTo(startY);
        int[] size = browser().dataset().workspace().inputSize();
        for (Node n : preview.getChildren()) {
            ImageView v = (ImageView) n;
            assertThat(v.getImage()).isNotNull();
            assertThat(v.getImage().getWidth()).isEqualTo(size[0]);
            assertThat(v.getImage().getHeight()).isEqualTo(size[1]);
            assertThat(v.isVisible()).isTrue();
        }
        // another strength draws the preview again
        Node first = preview.getChildren().get(0);
        robot.clickOn(robot.lookup("#augmentStrength .increment-arrow-button").queryAs(Node.class));
        // a click is one step of 0.5; a slow machine may take a long click for two
        assertThat((Double) strength.getValue()).isGreaterThan(1.0);
        waitFor(30, () -> preview.getChildren().size() == 8 && preview.getChildren().get(0) != first);
        robot.interact(() -> ((Spinner<Double>) strength).getValueFactory().setValue(1.0));
        robot.clickOn("#augment");
        waitFor(10, () -> preview.getChildren().isEmpty());
    }

    @Test
    @Order(5)
    @SuppressWarnings("unchecked")
    void aRunStartsFromTheShippedRunsWeightsAtItsInputSize(FxRobot robot) throws Exception {
        ComboBox<RunSummary> from = robot.lookup("#startFrom").queryAs(ComboBox.class);
        assertThat(from.isDisabled()).isTrue();
        robot.clickOn("#fineTune");
        assertThat(from.isDisabled()).isFalse();
        robot.clickOn(from);
        robot.clickOn(robot.lookup(".combo-box-popup .list-cell").match(n -> ((ListCell<?>) n).getItem() instanceof RunSummary r
                && r.name().equals(SHIPPED)).queryAs(Node.class));
        assertThat(from.getValue().name()).isEqualTo(SHIPPED);
        assertThat(robot.lookup("#preset").queryAs(ComboBox.class).getValue()).as("the run's preset is chosen with it").isEqualTo("strong");
        robot.interact(() -> {
            robot.lookup("#epochs").queryAs(Spinner.class).getValueFactory().setValue(1);
            robot.lookup("#batch").queryAs(Spinner.class).getValueFactory().setValue(16);
            // so small a step that the one epoch leaves the shipped weights as they are
            robot.lookup("#learningRate").queryAs(TextField.class).setText("0.000001");
            robot.lookup("#weightDecay").queryAs(TextField.class).setText("0.02");
            robot.lookup("#augment").queryAs(javafx.scene.control.CheckBox.class).setSelected(true);
            robot.lookup("#augmentStrength").queryAs(Spinner.class).getValueFactory().setValue(2.0);
        });
        Label progressText = robot.lookup("#trainingProgressText").queryAs(Label.class);
        int before = runs(robot).getItems().size();
        robot.clickOn("#startTraining");
        assertThat(progressText.getText()).contains("from the weights of " + SHIPPED);
        waitFor(240, () -> runs(robot).getItems().size() == before + 1 && progressText.getText().startsWith("Finished"));

        Path shipped = temp.resolve("models").resolve(SHIPPED);
        RunSummary tuned = runs(robot).getItems().stream().filter(r -> r.name().startsWith("strong-")).findFirst().orElseThrow();
        RunInfo info = ModelFolder.readInfo(tuned.folder());
        assertThat(info.hyperParameters().get("initialised_from")).isEqualTo(shipped.toAbsolutePath().normalize().toString());
        assertThat(info.preset()).isEqualTo("strong");
        assertThat(info.hyperParameters()).as("what the panel set").containsEntry("augment_strength", 2.0)
                .containsEntry("weight_decay", 0.02).containsEntry("learning_rate", 1e-6);
        assertThat(info.inputSize()).as("the shipped run's input size, not the dataset's")
                .isEqualTo(ModelFolder.readInfo(shipped).inputSize());
        // new weights read nothing after one such epoch; the shipped ones read a good part of the held-out images
        assertThat(tuned.valSequenceAccuracy()).isGreaterThan(0.25);
        // with the preview showing, the panel is taller than the window and has scrolled down with the run:
        // scroll back to the top, as a user would, to reach the tick
        robot.interact(() -> robot.lookup(".training").queryAs(javafx.scene.control.ScrollPane.class).setVvalue(0));
        robot.clickOn("#fineTune");
        assertThat(from.isDisabled()).isTrue();
        robot.interact(() -> robot.lookup("#augment").queryAs(javafx.scene.control.CheckBox.class).setSelected(false));
    }

    @Test
    @Order(6)
    void fileOpenFolderOpensAnotherDatasetAndTheGridShowsItsCount(FxRobot robot) throws Exception {
        Path other = SampleSets.generate(temp.resolve("other"), 37, 5);
        List<javafx.stage.Window> owners = new CopyOnWriteArrayList<>();
        robot.interact(() -> view.setFolderChooser(owner -> {
            owners.add(owner);
            return other.toFile();
        }));
        robot.clickOn("File");
        robot.clickOn("Open folder…");
        waitFor(60, () -> browser().dataset().workspace().folder().equals(other)
                && browser().visibleProperty().get().length == 37);
        assertThat(owners).containsExactly(view.getScene().getWindow());
        assertThat(robot.lookup("#shown").queryAs(Label.class).getText()).isEqualTo("37 shown");
        // No run was trained on it or chosen for it: the best fitting one is loaded, qq-strong (test 37%), not
        // the newer run trained above (validation accuracy only, near zero after three epochs).
        Label model = robot.lookup("#modelName").queryAs(Label.class);
        waitFor(60, () -> model.getText().trim().equals(SHIPPED));
        // Both folders are now in File > Recent datasets, the newest first.
        javafx.scene.control.MenuBar bar = robot.lookup(".menu-bar").queryAs(javafx.scene.control.MenuBar.class);
        javafx.scene.control.Menu recent = (javafx.scene.control.Menu) bar.getMenus().get(0).getItems().stream()
                .filter(i -> "Recent datasets".equals(i.getText())).findFirst().orElseThrow();
        assertThat(recent.getItems()).extracting(javafx.scene.control.MenuItem::getText)
                .containsExactly(other.toAbsolutePath().normalize().toString(), data.toAbsolutePath().normalize().toString());
    }

    @Test
    @Order(7)
    void theGridScrollsWithTheWheelAndAClickSelectsTheImageUnderThePointer(FxRobot robot) throws Exception {
        javafx.scene.control.ScrollBar bar = robot.lookup("#grid .scroll-bar").queryAs(javafx.scene.control.ScrollBar.class);
        assertThat(bar.getValue()).isZero();
        assertThat(bar.getMax()).isPositive();
        // Half-way down (part of a row cut off at the top), then the wheel: Monocle's robot reports one pixel
        // per notch, and the direction differs between platforms, so only the change is checked.
        double middle = Math.floor(bar.getMax() / 2) + 0.5;
        robot.interact(() -> bar.setValue(middle));
        robot.moveTo("#grid").scroll(4, javafx.geometry.VerticalDirection.DOWN);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(bar.getValue()).isNotEqualTo(middle);
        int[] shown = browser().visibleProperty().get();
        // The first tile wholly on screen after scrolling, and the one after it.
        int first = 0;
        while (view.browserView().tileOnScreen(first) == null) {
            first++;
            assertThat(first).isLessThan(shown.length);
        }
        assertThat(first).isPositive();
        for (int pos : new int[] {first, first + 1}) {
            javafx.geometry.Point2D centre = view.browserView().tileOnScreen(pos);
            robot.clickOn(centre);
            int wanted = shown[pos];
            waitFor(10, () -> browser().selectedProperty().get() == wanted);
        }
    }

    @Test
    @Order(8)
    void aFolderOfAnotherImageSizeMarksTheModelSayingWhyAndTheMarkGoesWithIt(FxRobot robot) throws Exception {
        // the same captchas scaled to 100x40: the shipped run, trained on 129x53 images, still fits their labels
        Path drawn = SampleSets.generate(temp.resolve("drawn"), 12, 3);
        Path smaller = Files.createDirectories(temp.resolve("smaller"));
        try (Stream<Path> files = Files.list(drawn)) {
            for (Path f : files.toList()) {
                BufferedImage scaled = new BufferedImage(100, 40, BufferedImage.TYPE_INT_RGB);
                java.awt.Graphics2D g = scaled.createGraphics();
                g.drawImage(javax.imageio.ImageIO.read(f.toFile()), 0, 0, 100, 40, null);
                g.dispose();
                javax.imageio.ImageIO.write(scaled, "png", smaller.resolve(f.getFileName()).toFile());
            }
        }
        Label model = robot.lookup("#modelName").queryAs(Label.class);
        Label status = robot.lookup("#status").queryAs(Label.class);
        assertThat(model.getText()).doesNotContain("\u26a0");
        robot.interact(() -> view.setFolderChooser(owner -> smaller.toFile()));
        robot.clickOn("File");
        robot.clickOn("Open folder…");
        waitFor(60, () -> model.getText().trim().equals("\u26a0 " + SHIPPED));
        String why = "The dataset's images are 100x40 (the most common size), the model was trained on 129x53 images"
                + " (each is resized to its 96x40 input).";
        assertThat(model.getTooltip().getText()).isEqualTo(why);
        assertThat(model.getStyleClass()).contains("model-warning");
        waitFor(60, () -> status.getText().equals("Predictions by " + SHIPPED + " are up to date. " + why));

        robot.interact(() -> view.setFolderChooser(owner -> data.toFile()));
        robot.clickOn("File");
        robot.clickOn("Open folder…");
        // back on images of the run's own size: whichever run loads, it is not marked
        waitFor(60, () -> browser().dataset().workspace().folder().equals(data)
                && !model.getText().contains("no model") && status.getText().startsWith("Predictions by "));
        assertThat(model.getText()).doesNotContain("\u26a0");
        assertThat(model.getTooltip()).isNull();
        assertThat(model.getStyleClass()).doesNotContain("model-warning");
    }
}
