package org.captchalab.ui.training;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import javafx.application.Platform;
import javafx.scene.control.Button;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Label;
import javafx.scene.control.Labeled;
import javafx.scene.text.Text;
import java.util.concurrent.CopyOnWriteArrayList;
import javafx.scene.Scene;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Spinner;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.captchalab.ui.fakes.FakeModelService;
import org.captchalab.ui.fakes.FakeWorkspace;
import org.captchalab.ui.shared.Background;
import org.captchalab.ui.shared.DatasetState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The Training panel itself, on a fake model service, driven by key and mouse as a user would. */
@ExtendWith(ApplicationExtension.class)
class TrainingViewTest {

    private final FakeWorkspace ws = new FakeWorkspace(20);
    private final DatasetState state = new DatasetState(ws, ws.rows(), Background.DIRECT);
    private final FakeModelService models = new FakeModelService();
    private final List<String> messages = new CopyOnWriteArrayList<>();
    /** What reached the FX thread's uncaught-exception handler (a user would see it as a stack trace on the console). */
    private final List<Throwable> uncaught = new CopyOnWriteArrayList<>();
    private static final double PANEL_AT_1024 = 345;
    private TrainingViewModel vm;
    private TrainingView view;

    /** Work on its own thread, the answer on the FX thread, as the product's background runner does. */
    private static final Background THREADED = new Background() {
        @Override
        public <T> void run(String name, Callable<T> work, Consumer<T> onDone, Consumer<Exception> onError) {
            Thread t = new Thread(() -> {
                try {
                    T result = work.call();
                    Platform.runLater(() -> onDone.accept(result));
                } catch (Exception e) {
                    Platform.runLater(() -> onError.accept(e));
                }
            }, "test-background-" + name);
            t.setDaemon(true);
            t.start();
        }

        @Override
        public void onFx(Runnable action) {
            Platform.runLater(action);
        }
    };

    @Start
    void start(Stage stage) {
        Thread.currentThread().setUncaughtExceptionHandler((t, e) -> uncaught.add(e));
        vm = new TrainingViewModel(() -> state, models, THREADED, messages::add, run -> { });
        view = new TrainingView(vm, THREADED, runs -> { }, (a, b) -> { }, url -> { }, messages::add);
        // as wide as the Training panel of a 1024-pixel window
        Scene scene = new Scene(view, PANEL_AT_1024, 700);
        scene.getStylesheets().add(TrainingView.class.getResource("/org/captchalab/ui/workbench.css").toExternalForm());
        stage.setScene(scene);
        // the shared stage keeps a size an earlier test of this JVM set (a window test at 1024x700): the scene's here
        stage.sizeToScene();
        stage.show();
    }

    @Test
    void textThatIsNotANumberInASpinnerPutsItsValueBack(FxRobot robot) {
        robot.clickOn("#augment"); // the strength spinner is enabled only with augmentation on
        assertThat(robot.lookup("#augment").queryAs(CheckBox.class).isSelected()).isTrue();
        for (String id : List.of("#epochs", "#batch", "#timeLimit", "#augmentStrength")) {
            Spinner<?> spinner = robot.lookup(id).queryAs(Spinner.class);
            Object before = spinner.getValue();
            String shown = spinner.getEditor().getText();
            typeInto(robot, spinner, "abc");
            assertThat(uncaught).as(id).isEmpty();
            assertThat(spinner.getValue()).as(id).isEqualTo(before);
            assertThat(spinner.getEditor().getText()).as(id).isEqualTo(shown);
        }
        // and a number typed in is still taken
        Spinner<?> epochs = robot.lookup("#epochs").queryAs(Spinner.class);
        typeInto(robot, epochs, "7");
        assertThat(vm.epochsProperty().get()).isEqualTo(7);
        Spinner<?> strength = robot.lookup("#augmentStrength").queryAs(Spinner.class);
        typeInto(robot, strength, "2.5");
        assertThat(vm.augmentStrengthProperty().get()).isEqualTo(2.5);
        assertThat(uncaught).isEmpty();
    }

    @Test
    void stopWorksWhileTheRunIsStartingAndSavesNothing(FxRobot robot) throws Exception {
        models.startDelayMillis = 1500; // loading the images and building the network
        models.iterationDelayMillis = 100; // an epoch takes two seconds, so Stop lands before the first one ends
        Button stop = robot.lookup("#stopTraining").queryAs(Button.class);
        Button pause = robot.lookup("#pauseTraining").queryAs(Button.class);
        Label text = robot.lookup("#trainingProgressText").queryAs(Label.class);
        assertThat(stop.isDisabled()).isTrue();
        robot.clickOn("#startTraining");
        assertThat(vm.stateProperty().get()).isEqualTo(TrainingViewModel.State.STARTING);
        assertThat(stop.isDisabled()).isFalse();
        assertThat(pause.isDisabled()).isTrue(); // nothing to pause yet
        robot.clickOn(stop);
        assertThat(text.getText()).endsWith(" · stopping as soon as it has started");
        assertThat(stop.isDisabled()).isTrue();
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> vm.stateProperty().get() == TrainingViewModel.State.IDLE);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(text.getText()).isEqualTo("Stopped before the first epoch ended; nothing was saved");
        assertThat(models.runs).isEmpty();
        assertThat(uncaught).isEmpty();
    }

    @Test
    void theEmptyChartFollowsTheEpochsFieldAgainAfterARunThatDrewNothing(FxRobot robot) throws Exception {
        models.startDelayMillis = 1500;
        models.iterationDelayMillis = 100;
        Spinner<?> epochs = robot.lookup("#epochs").queryAs(Spinner.class);
        robot.clickOn("#startTraining");
        assertThat(vm.stateProperty().get()).isEqualTo(TrainingViewModel.State.STARTING);
        typeInto(robot, epochs, "25"); // the field is edited while the run starts: the run keeps its own span
        robot.clickOn(robot.lookup("#stopTraining").queryAs(Button.class));
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> vm.stateProperty().get() == TrainingViewModel.State.IDLE);
        WaitForAsyncUtils.waitForFxEvents();
        typeInto(robot, epochs, "4");
        assertThat(epochAxis(view).getUpperBound()).as("the empty chart spans what the field says now").isEqualTo(4);
        assertThat(uncaught).isEmpty();
    }

    /**
     * A run that ends disables Pause and Stop: focus, on one of them since Start was clicked, must not move on to the
     * run list far below, which scrolled the panel down to it and away from the buttons the user was looking at.
     */
    @Test
    void aRunThatEndsOrIsStoppedLeavesThePanelWhereItWasWithFocusOnStart(FxRobot robot) throws Exception {
        typeInto(robot, robot.lookup("#epochs").queryAs(Spinner.class), "1");
        assertThat(vm.epochsProperty().get()).isEqualTo(1);
        robot.clickOn("#startTraining");
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> vm.stateProperty().get() == TrainingViewModel.State.IDLE);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(models.runs).hasSize(1);
        assertThat(view.getVvalue()).as("the panel stays at its top").isZero();
        assertThat(view.getScene().getFocusOwner()).isSameAs(robot.lookup("#startTraining").queryAs(Button.class));
        assertThat(uncaught).isEmpty();

        // stopped by the user: Pause and Stop are disabled at once, while Start still is until the run has stopped
        models.iterationDelayMillis = 100;
        typeInto(robot, robot.lookup("#epochs").queryAs(Spinner.class), "5");
        robot.clickOn("#startTraining");
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> vm.stateProperty().get() == TrainingViewModel.State.RUNNING);
        robot.clickOn("#stopTraining");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(view.getVvalue()).as("while it stops").isZero();
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> vm.stateProperty().get() == TrainingViewModel.State.IDLE);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(view.getVvalue()).as("once stopped").isZero();
        assertThat(view.getScene().getFocusOwner()).isSameAs(robot.lookup("#startTraining").queryAs(Button.class));
        assertThat(uncaught).isEmpty();
    }

    /** Every label, check box and button of the panel whose text is cut ("Augmentati..."), as "text shown as cut". */
    private static List<String> truncated(Node root) {
        List<String> out = new java.util.ArrayList<>();
        java.util.ArrayDeque<Node> todo = new java.util.ArrayDeque<>(List.of(root));
        while (!todo.isEmpty()) {
            Node n = todo.pop();
            if (n instanceof Labeled l && l.isVisible() && l.getText() != null && !l.getText().isEmpty()) {
                l.getChildrenUnmodifiable().stream().filter(c -> c instanceof Text t && !t.getText().equals(l.getText()))
                        .forEach(c -> out.add(l.getText() + " shown as " + ((Text) c).getText()));
            }
            if (n instanceof Parent p) {
                todo.addAll(p.getChildrenUnmodifiable());
            }
        }
        return out;
    }

    @Test
    void theSettingsFitThePanelOfA1024PixelWindowWithNoTextCut(FxRobot robot) {
        robot.interact(() -> { }); // laid out
        double content = view.getContent().getLayoutBounds().getWidth();
        assertThat(content).as("no sideways scrolling").isLessThanOrEqualTo(view.getViewportBounds().getWidth());
        for (String id : List.of("#epochs", "#batch", "#timeLimit", "#learningRate", "#weightDecay", "#augmentStrength",
                "#startFrom", "#stopTraining")) {
            Node n = robot.lookup(id).query();
            assertThat(n.localToScene(n.getBoundsInLocal()).getMaxX()).as(id).isLessThanOrEqualTo(PANEL_AT_1024);
        }
        assertThat(truncated(view)).isEmpty();

        Label note = robot.lookup("#previewNote").queryAs(Label.class);
        assertThat(note.isVisible()).as("the preview's caption without augmentation").isFalse();
        robot.clickOn("#augment");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(note.isVisible()).isTrue();
        assertThat(truncated(view)).isEmpty();
        assertThat(view.getContent().getLayoutBounds().getWidth()).isLessThanOrEqualTo(view.getViewportBounds().getWidth());
    }

    /**
     * Augmentation remembered as on from the last launch: the window builds the panel before any folder is open, and
     * the caption "Preview of augmentation at this strength:" stood over nothing until the box was ticked off and on
     * again; a folder opened later kept showing the images of the one before.
     */
    @Test
    void thePreviewShowsTheImagesOfEachFolderOpenedWithAugmentationRememberedOn(FxRobot robot) throws Exception {
        java.util.concurrent.atomic.AtomicReference<DatasetState> open = new java.util.concurrent.atomic.AtomicReference<>();
        TrainingSettings.Store remembered = new TrainingSettings.Store() {
            @Override
            public java.util.Map<String, String> load() {
                return java.util.Map.of("augment", "true");
            }

            @Override
            public void save(java.util.Map<String, String> values) {
            }
        };
        TrainingViewModel later = new TrainingViewModel(open::get, models, THREADED, messages::add, run -> { }, remembered);
        java.util.concurrent.atomic.AtomicReference<TrainingView> panel = new java.util.concurrent.atomic.AtomicReference<>();
        robot.interact(() -> panel.set(new TrainingView(later, THREADED, runs -> { }, (a, b) -> { }, url -> { },
                messages::add)));
        javafx.scene.layout.TilePane preview = (javafx.scene.layout.TilePane) panel.get().getContent().lookup("#augmentPreview");
        assertThat(later.augmentProperty().get()).isTrue();
        assertThat(preview.getChildren()).as("no folder open yet").isEmpty();

        open.set(state);
        robot.interact(later::datasetOpened);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> preview.getChildren().size() == 8);
        javafx.scene.image.Image first = ((javafx.scene.image.ImageView) preview.getChildren().get(0)).getImage();
        assertThat(first.getWidth()).isEqualTo(ws.image(0).getWidth());
        assertThat(messages).isEmpty();

        // another folder: the first one's images go at once and the preview is asked of the new one (whose images
        // cannot be read here, so that asking is seen)
        FakeWorkspace unreadable = new FakeWorkspace(10);
        unreadable.failImages = true;
        open.set(new DatasetState(unreadable, unreadable.rows(), Background.DIRECT));
        robot.interact(later::datasetOpened);
        assertThat(preview.getChildren()).as("not the images of the folder before").isEmpty();
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> !messages.isEmpty());
        assertThat(messages).containsExactly("No augmentation preview: cannot read image 0");
    }

    /** Before any run the accuracy chart's epoch axis showed 0-10 whatever the Epochs field said. */
    @Test
    void theEmptyAccuracyChartSpansTheEpochsTheFieldPlans(FxRobot robot) {
        javafx.scene.chart.NumberAxis axis = epochAxis(view);
        Spinner<?> epochs = robot.lookup("#epochs").queryAs(Spinner.class);
        typeInto(robot, epochs, "25");
        assertThat(axis.getUpperBound()).isEqualTo(25);
        assertThat(axis.getTickUnit()).as("about ten whole-epoch ticks").isEqualTo(3);
        typeInto(robot, epochs, "4");
        assertThat(axis.getUpperBound()).isEqualTo(4);
        assertThat(axis.getTickUnit()).isEqualTo(1);

        // a view made with another number remembered spans it from the first
        TrainingViewModel remembered = new TrainingViewModel(() -> state, models, THREADED, messages::add, run -> { });
        remembered.epochsProperty().set(40);
        java.util.concurrent.atomic.AtomicReference<TrainingView> panel = new java.util.concurrent.atomic.AtomicReference<>();
        robot.interact(() -> panel.set(new TrainingView(remembered, THREADED, runs -> { }, (a, b) -> { }, url -> { },
                messages::add)));
        javafx.scene.chart.NumberAxis rememberedAxis = epochAxis(panel.get());
        assertThat(rememberedAxis.getUpperBound()).isEqualTo(40);
        assertThat(rememberedAxis.getTickUnit()).isEqualTo(4);
        assertThat(uncaught).isEmpty();
    }

    @Test
    void aTimeLimitOfZeroSaysThereIsNone(FxRobot robot) {
        Spinner<?> limit = robot.lookup("#timeLimit").queryAs(Spinner.class);
        assertThat(limit.getEditor().getText()).isEqualTo("none");
        assertThat(limit.getTooltip().getText()).contains("0 (none): no limit");
        robot.clickOn(limit.lookup(".increment-arrow-button"));
        assertThat(limit.getEditor().getText()).isEqualTo("1");
        assertThat(vm.timeLimitMinutesProperty().get()).isEqualTo(1);
        typeInto(robot, limit, "0");
        assertThat(limit.getEditor().getText()).isEqualTo("none");
        assertThat(vm.timeLimitMinutesProperty().get()).isZero();
    }

    /** The accuracy chart's epoch axis in {@code panel} (this panel's, not one another test of this JVM left shown). */
    private static javafx.scene.chart.NumberAxis epochAxis(TrainingView panel) {
        return (javafx.scene.chart.NumberAxis)
                ((javafx.scene.chart.LineChart<?, ?>) panel.getContent().lookup("#accuracyChart")).getXAxis();
    }

    /** Replaces a spinner's text as a user would (select it all, type, Enter) and lets the FX thread take it. */
    private static void typeInto(FxRobot robot, Spinner<?> spinner, String text) {
        robot.doubleClickOn(spinner.getEditor());
        robot.interact(() -> spinner.getEditor().selectAll());
        robot.write(text).type(KeyCode.ENTER);
        WaitForAsyncUtils.waitForFxEvents();
    }

    @Test
    void theRunListMarksTheLoadedRunInBoldAndTheRunsTrainedHere(FxRobot robot) throws Exception {
        org.captchalab.ui.backend.RunSummary here = new org.captchalab.ui.backend.RunSummary("here",
                java.nio.file.Path.of("fake-models", "here"), "seed", 3, 0.5, 1.0, Double.NaN, 0,
                "abcdefghijklmnopqrstuvwxyz", 4, "fake");
        org.captchalab.ui.backend.RunSummary other = new org.captchalab.ui.backend.RunSummary("other",
                java.nio.file.Path.of("fake-models", "other"), "seed", 3, 0.5, 1.0, Double.NaN, 0,
                "abcdefghijklmnopqrstuvwxyz", 4, "/somewhere/else");
        models.runs.addAll(List.of(here, other));
        robot.interact(vm::refreshRuns);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> vm.runs().size() == 2);
        robot.interact(() -> vm.loadedRunsProperty().set(List.of(other))); // as the window binds it
        WaitForAsyncUtils.waitForFxEvents();
        @SuppressWarnings("unchecked")
        javafx.scene.control.ListView<org.captchalab.ui.backend.RunSummary> list =
                robot.lookup("#runs").queryAs(javafx.scene.control.ListView.class);
        java.util.Map<String, javafx.scene.control.ListCell<?>> cells = new java.util.HashMap<>();
        for (Node n : list.lookupAll(".list-cell")) {
            if (n instanceof javafx.scene.control.ListCell<?> c && c.getItem() != null) {
                cells.put(((org.captchalab.ui.backend.RunSummary) c.getItem()).name(), c);
            }
        }
        javafx.css.PseudoClass loaded = javafx.css.PseudoClass.getPseudoClass("loaded-run");
        assertThat(cells.get("other").getText()).startsWith("\u25cf other");
        assertThat(cells.get("other").getPseudoClassStates()).contains(loaded);
        assertThat(cells.get("here").getText()).endsWith("\u00b7 trained here").doesNotContain("\u25cf");
        assertThat(cells.get("here").getPseudoClassStates()).doesNotContain(loaded);
        // the tooltip holds the whole line, which the list cuts off in a narrow window, and where the run comes from
        assertThat(cells.get("here").getTooltip().getText()).startsWith(cells.get("here").getText() + "\n")
                .contains("here: trained on ");
        assertThat(uncaught).isEmpty();
    }
}
