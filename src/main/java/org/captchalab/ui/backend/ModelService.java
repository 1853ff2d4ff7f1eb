package org.captchalab.ui.backend;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;

/** Saved runs, loading them, training new ones and the augmentation preview. All methods may block. */
public interface ModelService {

    /** The runs saved under {@code modelsFolder}, newest first. */
    List<RunSummary> runs(Path modelsFolder);

    /** Loads a saved run that reads each image once. */
    default Predictor load(RunSummary run) throws Exception {
        return load(run, false);
    }

    /**
     * Loads a saved run; with {@code shiftedViews} it reads each image in nine shifted views and averages them
     * (test-time augmentation, as {@code eval --tta}): nine times the work, cached under its own key.
     */
    Predictor load(RunSummary run, boolean shiftedViews) throws Exception;

    /**
     * Loads several saved runs as one model (an ensemble, as {@code eval} with {@code --model} given more than
     * once): each image is read by every run and their probabilities are averaged per position. Named after the
     * runs joined with " + ", cached under all their keys. One run loads as {@link #load(RunSummary, boolean)}.
     *
     * @throws RunsCannotJoin when a run cannot be read together with the first (another input size, length,
     *                        alphabet or case rule), saying which and why, before anything is loaded
     */
    Predictor load(List<RunSummary> runs, boolean shiftedViews) throws Exception;

    /**
     * Starts a run on its own thread and returns at once. {@code events} is called from that thread; the
     * request carries a snapshot of the labels so edits made during the run do not affect it.
     */
    TrainingSession start(Workspace workspace, TrainingRequest request, TrainingEvents events) throws Exception;

    /** Augmented versions of a few of the workspace's images at a strength (1: standard), for the preview grid. */
    List<BufferedImage> augmentationPreview(Workspace workspace, int count, double strength, long seed) throws Exception;

    /** The address of the DL4J training dashboard for a run, starting the server if needed; null if none. */
    String dashboardUrl(RunSummary runOrNull) throws Exception;

    /**
     * Prepares, in the background, for the first run and prediction of this session (e.g. loads what they
     * need), so that they do not cost the window frames later. Returns at once; nothing by default.
     */
    default void warmUp() {
    }

    /**
     * Ends what this service started that would keep the program running after the window has closed (the DL4J
     * dashboard's server); called once then, off the FX thread. Nothing by default.
     */
    default void close() {
    }
}
