package org.captchalab.ui;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javafx.application.Platform;
import javafx.scene.control.TabPane;
import javafx.stage.Stage;
import org.captchalab.ui.backend.Dl4jModelService;
import org.captchalab.ui.backend.StoreWorkspace;
import org.captchalab.ui.browser.SampleFilter;
import org.captchalab.ui.fakes.MemoryPreferences;
import org.captchalab.ui.training.TrainingViewModel;

/**
 * Takes the README's screenshot of the real window after a training run: opens a dataset with the real
 * backends (runs saved to a scratch models folder), trains a run from the Training tab, waits for the whole
 * dataset's predictions, filters the grid to the misclassified images, selects the first and captures the
 * X display with ImageMagick's {@code import}. Run under Xvfb:
 *
 * <pre>
 * xvfb-run -a -s "-screen 0 1500x940x24" java -cp target/classes:target/test-classes:$(cat target/cp.txt) \
 *   org.captchalab.ui.ScreenshotTour DATASET OUT.png [preset] [epochs]
 * </pre>
 */
public final class ScreenshotTour {

    private ScreenshotTour() {
    }

    public static void main(String[] args) throws Exception {
        org.captchalab.NativeBackend.select();
        org.captchalab.model.NativeLibraries.load(); // as the product's Launcher does, before FX starts threads
        Path dataset = Path.of(args[0]);
        Path out = Path.of(args[1]);
        String preset = args.length > 2 ? args[2] : "strong";
        int epochs = args.length > 3 ? Integer.parseInt(args[3]) : 4;
        Path models = Files.createTempDirectory("tour-models");
        Platform.startup(() -> { });
        Platform.setImplicitExit(false);
        AtomicReference<MainView> ref = new AtomicReference<>();
        FxThreads.runOnFx(() -> {
            Stage stage = new Stage();
            ref.set(WorkbenchApp.open(stage, new Backends(f -> StoreWorkspace.open(f, models), new Dl4jModelService()),
                    dataset, url -> { }, MemoryPreferences.recent()));
            stage.setX(0);
            stage.setY(0);
        });
        MainView view = ref.get();
        FxThreads.waitUntil(300, () -> view.browser().visibleProperty().get().length > 0);
        Thread.sleep(3000);
        // a read-only dataset (the shared ones) says once, in a dialog, where its work is kept: read, as a user would
        FxThreads.runOnFx(() -> javafx.stage.Window.getWindows().stream()
                .filter(w -> w instanceof Stage st && st.getOwner() != null).toList()
                .forEach(javafx.stage.Window::hide));
        TrainingViewModel training = view.trainingForBench();
        FxThreads.runOnFx(() -> {
            ((TabPane) view.lookup(".tab-pane")).getTabs().stream().filter(t -> t.getText().equals("Training"))
                    .findFirst().ifPresent(t -> t.getTabPane().getSelectionModel().select(t));
            // through the controls, as a user would, so the screenshot shows the settings the run used
            @SuppressWarnings("unchecked")
            javafx.scene.control.Spinner<Integer> spinner = (javafx.scene.control.Spinner<Integer>) view.lookup("#epochs");
            spinner.getValueFactory().setValue(epochs);
            training.presetProperty().set(preset);
        });
        CountDownLatch finished = new CountDownLatch(1);
        FxThreads.runOnFx(() -> training.stateProperty().addListener((o, a, b) -> {
            if (b == TrainingViewModel.State.IDLE) {
                finished.countDown();
            }
        }));
        FxThreads.runOnFx(training::start);
        finished.await(60, TimeUnit.MINUTES);
        FxThreads.waitUntil(600, () -> java.util.Arrays.stream(view.browser().dataset().snapshot()).allMatch(r -> r.prediction() != null));
        Thread.sleep(3000);
        FxThreads.runOnFx(() -> view.browser().filterProperty().set(SampleFilter.of(SampleFilter.Kind.MISCLASSIFIED)));
        Thread.sleep(2000);
        FxThreads.runOnFx(() -> {
            int[] shown = view.browser().visibleProperty().get();
            if (shown.length > 0) {
                view.browser().select(shown[0]);
            }
        });
        Thread.sleep(3000);
        Process p = new ProcessBuilder("import", "-window", "root", out.toString()).inheritIO().start();
        System.out.println("screenshot " + out + ": " + (p.waitFor() == 0 ? "written" : "import failed"));
        Platform.exit();
        System.exit(0);
    }
}
