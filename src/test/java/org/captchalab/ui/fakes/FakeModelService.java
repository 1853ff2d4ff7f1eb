package org.captchalab.ui.fakes;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.captchalab.ui.backend.ModelService;
import org.captchalab.ui.backend.Predictor;
import org.captchalab.ui.backend.RunSummary;
import org.captchalab.ui.backend.RunsCannotJoin;
import org.captchalab.ui.backend.TrainingEvents;
import org.captchalab.ui.backend.TrainingRequest;
import org.captchalab.ui.backend.TrainingSession;
import org.captchalab.ui.backend.Workspace;
import org.captchalab.ui.shared.SamplePrediction;

/** A model service that "trains" by emitting plausible metrics on a thread, pausing and stopping when asked; optionally fails. */
public class FakeModelService implements ModelService {

    public final List<RunSummary> runs = new CopyOnWriteArrayList<>();
    public volatile boolean failNextRun;
    public volatile long iterationDelayMillis = 2;
    /** Loading in shifted views fails (as too little memory would). */
    public volatile boolean failShiftedViews;
    /** Predicting fails (as a model that cannot read the folder's images would). */
    public volatile boolean failPredict;
    /** Several runs are refused as one model (as runs of different input sizes are). */
    public volatile boolean refuseTogether;
    /** How long {@code start} takes before the run's thread starts (as loading the images and the network does). */
    public volatile long startDelayMillis;
    /** The run stops itself after this epoch (as if Stop were pressed during the next one); 0: never. */
    public volatile int stopAfterEpoch;
    /** How each run ended, in order: "saved STOPPED", "unsaved COMPLETED", "failed", ... */
    public final List<String> endings = new CopyOnWriteArrayList<>();
    /** Whether {@link #close()} was called (the window closed). */
    public volatile boolean closed;
    /** How long a stopped run takes to end (as saving takes), after it has seen the stop. */
    public volatile long stopDelayMillis;
    /** What every model loaded says of the folder's image size (null: nothing); "fail" throws, as a broken model would. */
    public volatile String sizeWarning;
    /** Epochs ended by all runs so far. */
    public final java.util.concurrent.atomic.AtomicInteger epochsEnded = new java.util.concurrent.atomic.AtomicInteger();

    @Override
    public void close() {
        closed = true;
    }

    @Override
    public List<RunSummary> runs(Path modelsFolder) {
        List<RunSummary> list = new ArrayList<>(runs);
        java.util.Collections.reverse(list);
        return list;
    }

    @Override
    public Predictor load(RunSummary run, boolean shiftedViews) {
        if (shiftedViews && failShiftedViews) {
            throw new IllegalStateException("no memory for nine views");
        }
        return new Predictor() {
            @Override
            public String name() {
                return run.name() + (shiftedViews ? " (9 views)" : "");
            }

            @Override
            public List<SamplePrediction> predict(List<BufferedImage> images) {
                if (failPredict) {
                    throw new IllegalStateException("the input is 96x40, not 129x53");
                }
                return images.stream().map(i -> FakeWorkspace.prediction("abcd", 0.9)).toList();
            }

            @Override
            public java.util.Optional<String> sizeWarning(Workspace workspace) {
                return sizeWarningNow();
            }
        };
    }

    /** Several runs: named as the real service names them; reads as the first run would; or refused when asked. */
    @Override
    public Predictor load(List<RunSummary> several, boolean shiftedViews) {
        if (several.size() == 1) {
            return load(several.get(0), shiftedViews);
        }
        if (refuseTogether) {
            throw new RunsCannotJoin(several.get(1).name() + " cannot join " + several.get(0).name()
                    + " in an ensemble: its input is 96x40, not 129x53");
        }
        String name = String.join(" + ", several.stream().map(RunSummary::name).toList());
        Predictor first = load(several.get(0), shiftedViews);
        return new Predictor() {
            @Override
            public String name() {
                return name + (shiftedViews ? " (9 views)" : "");
            }

            @Override
            public List<SamplePrediction> predict(List<BufferedImage> images) throws Exception {
                return first.predict(images);
            }

            @Override
            public java.util.Optional<String> sizeWarning(Workspace workspace) throws Exception {
                return first.sizeWarning(workspace);
            }
        };
    }

    /** What a model loaded here says of the folder's image size: {@link #sizeWarning}. */
    private java.util.Optional<String> sizeWarningNow() {
        if ("fail".equals(sizeWarning)) {
            throw new IllegalStateException("run.json: not JSON");
        }
        return java.util.Optional.ofNullable(sizeWarning);
    }

    @Override
    public TrainingSession start(Workspace workspace, TrainingRequest request, TrainingEvents events) {
        sleep(startDelayMillis);
        java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        java.util.concurrent.atomic.AtomicBoolean paused = new java.util.concurrent.atomic.AtomicBoolean();
        Thread t = new Thread(() -> {
            int perEpoch = 20;
            long it = 0;
            int done = 0;
            TrainingEvents.Ending ending = TrainingEvents.Ending.COMPLETED;
            epochs:
            for (int e = 1; e <= request.epochs(); e++) {
                for (int b = 0; b < perEpoch; b++) {
                    while (paused.get() && !stop.get()) {
                        sleep(1);
                    }
                    if (stop.get()) {
                        ending = TrainingEvents.Ending.STOPPED;
                        sleep(stopDelayMillis);
                        break epochs;
                    }
                    it++;
                    sleep(iterationDelayMillis);
                    if (failNextRun && it == 5) {
                        failNextRun = false;
                        endings.add("failed");
                        events.failed("the loss became NaN at iteration 5");
                        return;
                    }
                    double progress = it / (double) (perEpoch * request.epochs());
                    events.iteration(new TrainingEvents.Iteration(it, e, 3.0 / Math.sqrt(it), 500, progress, 1000));
                }
                double acc = 1 - 1.0 / (e + 1);
                events.epoch(new TrainingEvents.Epoch(e, it, 2.0 / e, 2.2 / e, new double[] {acc, acc, acc, acc},
                        new double[] {acc, acc, acc, acc}, acc * acc, acc * acc * 0.9));
                done = e;
                epochsEnded.incrementAndGet();
                if (e == stopAfterEpoch) {
                    stop.set(true);
                }
            }
            if (done == 0) {
                endings.add("unsaved " + ending);
                events.endedUnsaved(ending);
                return;
            }
            RunSummary run = new RunSummary(request.runName(), Path.of("fake-models", request.runName()),
                    request.preset(), done, 0.5, 1.0, Double.NaN, System.currentTimeMillis(), "abcdefghijklmnopqrstuvwxyz", 4, "fake");
            runs.add(run);
            endings.add("saved " + ending);
            events.finished(run, ending);
        }, "fake-training");
        t.setDaemon(true);
        t.start();
        return new TrainingSession() {
            @Override public void pause() { paused.set(true); }
            @Override public void resume() { paused.set(false); }
            @Override public void stop() { stop.set(true); }
            @Override public boolean awaitEnd(long millis) throws InterruptedException {
                t.join(Math.max(1, millis));
                return !t.isAlive();
            }
        };
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public List<BufferedImage> augmentationPreview(Workspace workspace, int count, double strength, long seed) throws Exception {
        List<BufferedImage> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            out.add(workspace.image(i));
        }
        return out;
    }

    @Override
    public String dashboardUrl(RunSummary run) {
        return "http://localhost:9000/train/overview";
    }
}
