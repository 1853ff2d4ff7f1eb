package org.captchalab.ui.backend;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.captchalab.dataset.Alphabet;
import org.captchalab.dataset.CaptchaSample;
import org.captchalab.dataset.Dataset;
import org.captchalab.dataset.ErrorLines;
import org.captchalab.dataset.ImageSize;
import org.captchalab.model.ImageCache;
import org.captchalab.model.NativeMemory;
import org.captchalab.model.ModelFolder;
import org.captchalab.model.NetworkSpec;
import org.captchalab.model.Preset;
import org.captchalab.model.RunInfo;
import org.captchalab.training.EpochMetrics;
import org.captchalab.training.IterationMetrics;
import org.captchalab.training.RunFinisher;
import org.captchalab.training.RunWriter;
import org.captchalab.training.TrainingConfig;
import org.captchalab.training.TrainingData;
import org.captchalab.training.TrainingJob;
import org.captchalab.training.TrainingListener;
import org.captchalab.training.TrainingResult;
import org.captchalab.training.TrainingStats;
import org.captchalab.ui.shared.BackgroundThreads;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A training run started from the window: the training package's {@link TrainingJob} on its own thread, over
 * the label snapshot of the request (so edits made meanwhile go to the next run), recording DL4J statistics
 * for the dashboard and saving the run with {@link RunFinisher} into {@code models/<name>/} when it ends.
 * Its listener only translates records into {@link TrainingEvents}, which the GUI queues.
 */
final class GuiTrainingRun implements TrainingSession {

    private static final Logger LOG = LoggerFactory.getLogger(GuiTrainingRun.class);

    private final TrainingJob job;
    private final Thread thread;

    private GuiTrainingRun(TrainingJob job, Thread thread) {
        this.job = job;
        this.thread = thread;
    }

    static GuiTrainingRun start(StoreWorkspace ws, TrainingRequest request, TrainingEvents events) {
        List<CaptchaSample> train = new ArrayList<>();
        List<CaptchaSample> val = new ArrayList<>();
        for (TrainingRequest.LabelledSample s : request.snapshot()) {
            CaptchaSample sample = ws.sample(s.index()).withLabel(s.label());
            if ("train".equals(s.split())) {
                train.add(sample);
            } else if ("val".equals(s.split())) {
                val.add(sample);
            }
        }
        int[] in = ws.inputSize();
        // a run that starts from saved weights reads images at the size those weights were trained at, and keeps
        // their alphabet, which may hold characters these labels no longer use (class k is its k-th character)
        RunInfo starting = request.startFrom() == null ? null : ModelFolder.readInfo(request.startFrom());
        Preset preset = Preset.parse(request.preset());
        // otherwise train's rule without --input-size: the images' size, scaled up (aspect kept) to the preset's minimum
        ImageSize size = starting == null ? preset.inputSizeFor(new ImageSize(in[0], in[1])) : starting.inputSize();
        Alphabet alphabet = starting == null ? ws.alphabet() : starting.alphabetValue();
        TrainingConfig config = TrainingConfig.defaults(preset)
                .withEpochs(request.epochs()).withBatchSize(request.batchSize())
                .withLearningRate(request.learningRate()).withTimeLimit(request.timeLimit())
                .withAugmentStrength(request.augment() ? request.augmentStrength() : 0)
                .withWeightDecay(request.weightDecay()).withInitFrom(request.startFrom());
        TrainingData data = new TrainingData(train, val, alphabet, ws.labelLength(), new ImageCache(ws.folder(), size));
        NetworkSpec spec = new NetworkSpec(config.preset(), size.width(), size.height(), ws.labelLength(),
                alphabet.size());
        Path out = ws.modelsFolder().resolve(request.runName());
        Path checkpoint = out.resolve("checkpoint");
        TrainingJob job = new TrainingJob(config, data, spec, checkpoint);
        // read before the statistics file is opened: a store closed meanwhile (another folder opened) throws here,
        // and a file opened first would never be closed, nor the run folder it made removed
        Dataset labelled = ws.currentDataset();
        // the folder's own case rule, as train records it: the window folds what is typed into an all-lowercase
        // folder (ws.caseRule()), but recording that made eval on this very folder warn of another case rule
        RunWriter.Provenance provenance = new RunWriter.Provenance(ws.folder().toString(), labelled.fingerprint(),
                ws.store().assignment().seed(), labelled.caseRule());
        TrainingStats stats = TrainingStats.open(out.resolve(TrainingStats.FILE), config);
        job.addListener(stats);
        job.addListener(new Forwarder(events, config.epochs()));
        Thread t = BackgroundThreads.create("training-" + request.runName(), () -> {
            try {
                NativeThreads.limitCurrentThread();
                TrainingResult result = job.run();
                stats.close();
                if (result.divergedAfterAnEpoch()) {
                    // the loss became NaN after good epochs: the window resumes no checkpoint, so the best epoch so
                    // far is saved as the run, not left in a folder the window does not list
                    RunInfo info = RunFinisher.finishUnscored(out, checkpoint, result, config, job.data(),
                            provenance);
                    RunFinisher.deleteRecursively(checkpoint);
                    events.finished(Dl4jModelService.summary(out, info), TrainingEvents.Ending.DIVERGED);
                    return;
                }
                if (!result.succeeded()) {
                    // nothing to save (failed before an epoch ended, or with no network): the window would neither
                    // list nor resume what is left, so nothing is left
                    RunFinisher.deleteRecursively(checkpoint);
                    removeUnsaved(out);
                    events.failed(result.message());
                    return;
                }
                TrainingEvents.Ending ending = ending(result.status());
                if (result.history().isEmpty()) {
                    // stopped before an epoch ended: an untrained network is not a run (as train --time-limit)
                    removeUnsaved(out);
                    events.endedUnsaved(ending);
                    return;
                }
                RunInfo info = RunFinisher.finishUnscored(out, checkpoint, result, config, job.data(),
                        provenance);
                // a stopped or timed-out run keeps its checkpoint for train to resume; the window resumes none
                RunFinisher.deleteRecursively(checkpoint);
                events.finished(Dl4jModelService.summary(out, info), ending);
            } catch (Throwable e) {
                LOG.error("training run {} failed", request.runName(), e);
                events.failed(NativeMemory.isOutOfMemory(e) ? "out of memory: lower the batch size"
                        : ErrorLines.oneLine(e));
            }
        });
        t.start();
        return new GuiTrainingRun(job, t);
    }

    static TrainingEvents.Ending ending(TrainingResult.Status status) {
        return switch (status) {
            case EARLY_STOPPED -> TrainingEvents.Ending.EARLY_STOPPED;
            case TIME_LIMIT -> TrainingEvents.Ending.TIME_LIMIT;
            case STOPPED -> TrainingEvents.Ending.STOPPED;
            default -> TrainingEvents.Ending.COMPLETED;
        };
    }

    /** Removes what a run that saved nothing left in its new folder: its statistics file, then the folder if empty. */
    private static void removeUnsaved(Path out) {
        try {
            Files.deleteIfExists(out.resolve(TrainingStats.FILE));
            Files.deleteIfExists(out);
        } catch (IOException e) {
            LOG.warn("could not remove {} of a run that saved nothing", out, e);
        }
    }

    /** Translates the job's records (on the training thread) into the GUI's events; never blocks. */
    private static final class Forwarder implements TrainingListener {
        private final TrainingEvents events;
        private final int epochs;
        private final long started = System.currentTimeMillis();
        private volatile long iteration;

        Forwarder(TrainingEvents events, int epochs) {
            this.events = events;
            this.epochs = epochs;
        }

        @Override
        public void iterationDone(IterationMetrics m) {
            iteration = m.iteration();
            double total = (double) epochs * m.batchesPerEpoch();
            double done = ((m.epoch() - 1) * (double) m.batchesPerEpoch() + m.batchInEpoch()) / total;
            long elapsed = System.currentTimeMillis() - started;
            long eta = done <= 0 ? -1 : (long) (elapsed / done * (1 - done));
            events.iteration(new TrainingEvents.Iteration(m.iteration(), m.epoch(), m.totalLoss(), m.imagesPerSecond(),
                    done, eta));
        }

        @Override
        public void leftOut(String note) {
            events.leftOut(note);
        }

        @Override
        public void epochDone(EpochMetrics m) {
            events.epoch(new TrainingEvents.Epoch(m.epoch(), iteration, m.trainLoss(), m.valLoss(),
                    m.trainPositionAccuracy(), m.valPositionAccuracy(), m.trainSequenceAccuracy(),
                    m.valSequenceAccuracy()));
        }
    }

    @Override
    public void pause() {
        job.pause();
    }

    @Override
    public void resume() {
        job.resume();
    }

    @Override
    public void stop() {
        job.stop();
    }

    @Override
    public boolean awaitEnd(long millis) throws InterruptedException {
        thread.join(Math.max(1, millis));
        return !thread.isAlive();
    }
}
