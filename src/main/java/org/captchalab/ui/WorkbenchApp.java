package org.captchalab.ui;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.geometry.Rectangle2D;
import javafx.scene.Scene;
import javafx.stage.Screen;
import javafx.stage.Stage;
import org.captchalab.ui.backend.ModelService;
import org.captchalab.ui.backend.ProductBackends;
import org.captchalab.ui.backend.TrainingSession;
import org.captchalab.ui.browser.FirstDrawRehearsal;
import org.captchalab.ui.shared.BackgroundThreads;
import org.captchalab.ui.shared.FxBackground;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JavaFX application. Started by {@code Launcher} (which is not an {@code Application}, so a class-path
 * launch works). With no argument it opens {@code sample-data/} in the working directory, else the folder
 * given; the shipped or last-used model is loaded with it.
 */
public class WorkbenchApp extends Application {

    private static final Logger LOG = LoggerFactory.getLogger(WorkbenchApp.class);

    /** How long closing the window waits for label saves still queued (each takes milliseconds). */
    static final long STORE_QUEUE_LIMIT_SECONDS = 60;
    /**
     * How long closing the window during a training run waits for it to stop after its minibatch and save (saving
     * reads the validation images once more, to calibrate); a run cut short by this keeps its checkpoint.
     */
    static final long TRAINING_STOP_LIMIT_SECONDS = 600;
    /** How long closing waits for the model service to stop the dashboard (Vert.x's own stop waits without a limit). */
    static final long SERVICE_CLOSE_LIMIT_SECONDS = 30;

    /** Where the backends come from; the product's real ones unless a test swaps them. */
    static volatile Supplier<Backends> backends = ProductBackends::create;
    /** The free area of the screen the window opens on (the screen less its panels); a test may give a smaller one. */
    static volatile Supplier<Rectangle2D> screenArea = () -> Screen.getPrimary().getVisualBounds();

    public static void launchWith(String[] args) {
        Application.launch(WorkbenchApp.class, args);
    }

    @Override
    public void start(Stage stage) {
        Thread.currentThread().setUncaughtExceptionHandler((t, e) -> LOG.error("uncaught on the FX thread", e));
        List<String> args = getParameters().getRaw();
        Path folder = args.isEmpty() ? Path.of("sample-data") : Path.of(args.get(0));
        open(stage, backends.get(), Files.isDirectory(folder) ? folder : null,
                url -> getHostServices().showDocument(url), RecentDatasets.forUser());
    }

    /**
     * Builds the window on {@code stage} and opens {@code folder} (if not null). Tests call this directly
     * with their own backends and preferences.
     */
    public static MainView open(Stage stage, Backends backends, Path folder, Consumer<String> browse,
                                RecentDatasets recent) {
        BackgroundThreads.lowerCompilerThreadsFromNowOn();
        backends.models().warmUp();
        FxBackground background = new FxBackground("workbench-bg", 2, new FxBackground("workbench-long", 2));
        FxBackground storeQueue = new FxBackground("label-store", 1);
        MainViewModel vm = new MainViewModel(backends.opener(), backends.models(), background, storeQueue, recent);
        MainView view = new MainView(vm, background, browse);
        Rectangle2D area = screenArea.get();
        Scene scene = new Scene(view, Math.min(WindowPlacement.WIDTH, area.getWidth()),
                Math.min(WindowPlacement.HEIGHT, area.getHeight()));
        scene.getStylesheets().add(WorkbenchApp.class.getResource("workbench.css").toExternalForm());
        stage.setTitle("CaptchaLab");
        stage.setScene(scene);
        WindowPlacement.on(area).ifPresent(b -> {
            stage.setX(b.getMinX());
            stage.setY(b.getMinY());
            stage.setWidth(b.getWidth());
            stage.setHeight(b.getHeight());
        });
        // Not on hidden: a test harness may hide and show the stage again. The general pool's work can be dropped;
        // the store queue's cannot (the window already shows those labels as saved): the JVM stays up until it has
        // written them. Each is its own committed transaction, so the store needs no closing after them. A training
        // run is stopped as Stop does, and the JVM waits for it to save (or to remove what it left, when no epoch had
        // ended); then the dashboard's server, whose threads would keep the program running, is stopped.
        stage.setOnCloseRequest(e -> {
            TrainingSession training = view.stopTrainingForClose();
            if (training != null) {
                vm.closingDuringRun(); // the run saved cut short must not become the folder's next model
            }
            background.shutdown();
            storeQueue.finishQueued(STORE_QUEUE_LIMIT_SECONDS, () -> {
                try {
                    awaitStopped(training);
                } finally {
                    closeWithin(backends.models(), SERVICE_CLOSE_LIMIT_SECONDS);
                }
            });
        });
        stage.show();
        Platform.runLater(() -> FirstDrawRehearsal.run(List.copyOf(scene.getStylesheets())));
        if (folder != null) {
            vm.open(folder);
        } else {
            Platform.runLater(() -> vm.message("No sample-data folder here: use File > Open folder to open a dataset."));
        }
        return view;
    }

    private static void closeWithin(ModelService models, long seconds) {
        Thread closer = new Thread(() -> {
            try {
                models.close();
            } catch (RuntimeException e) {
                LOG.error("closing the model service failed", e);
            }
        }, "close-models");
        closer.setDaemon(true); // a stop that never returns must not hold the program up by itself
        closer.start();
        try {
            closer.join(seconds * 1000);
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
        }
        if (closer.isAlive()) {
            LOG.error("the DL4J dashboard had not stopped {} s after the window closed", seconds);
        }
    }

    private static void awaitStopped(TrainingSession training) {
        if (training == null) {
            return;
        }
        LOG.info("window closed during a training run: waiting for it to stop and save");
        try {
            if (!training.awaitEnd(TRAINING_STOP_LIMIT_SECONDS * 1000)) {
                LOG.error("the training run had not stopped {} s after the window closed; leaving it", TRAINING_STOP_LIMIT_SECONDS);
            }
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
        }
    }
}
