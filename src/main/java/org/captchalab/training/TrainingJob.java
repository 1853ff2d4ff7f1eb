package org.captchalab.training;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import org.captchalab.dataset.ErrorLines;
import org.captchalab.dataset.ImageDecodeException;
import org.captchalab.model.CaptchaNetwork;
import org.captchalab.model.ModelFolder;
import org.captchalab.model.NativeMemory;
import org.captchalab.model.NetworkSpec;
import org.captchalab.model.Predictor;
import org.captchalab.model.RunInfo;
import org.captchalab.training.TrainingResult.Status;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One training run: our own minibatch loop over a {@link TrainingData} snapshot, so it can be paused, stopped
 * after the current minibatch, time-limited and early-stopped (DL4J's {@code fit(iterator, epochs)} cannot be
 * interrupted). At each epoch end it scores train and validation, publishes an immutable snapshot (a copy of the
 * network) when a {@link SnapshotListener} wants one, and writes a checkpoint.
 *
 * <p>Threading: {@link #run()} trains on the calling thread (CLI, tests); {@link #start()} on a new daemon
 * thread (GUI). {@link #pause()}, {@link #resume()} and {@link #stop()} may be called from any thread; they
 * take effect between minibatches. The network being trained never leaves this class; listeners get copies.
 *
 * <p>Reproducibility: weights come from the seed; epoch {@code e} shuffles with {@code Random(seed, e)}; each
 * image's augmentation and each minibatch's dropout mask are seeded from (seed, epoch, index). Resuming from
 * a checkpoint (which holds Adam's state) therefore continues exactly as the uninterrupted run would.
 */
public final class TrainingJob {

    private static final Logger LOG = LoggerFactory.getLogger(TrainingJob.class);

    private final TrainingConfig config;
    /** The data trained on: without the images that would not decode, once they have been decoded. */
    private volatile TrainingData data;
    private final NetworkSpec spec;
    private final Path checkpointDir;
    /** The checkpoint this job resumes, read once when the job was made; null: it starts afresh. */
    private final Checkpoint.Opened checkpoint;
    private final List<TrainingListener> listeners = new ArrayList<>();
    private final List<SnapshotListener> snapshotListeners = new ArrayList<>();
    /** How many copies of the network were made for snapshot listeners (a test checks none is made for nobody). */
    private int snapshotsTaken;
    private final Object lock = new Object();
    private boolean paused;
    private volatile boolean stopRequested;
    private volatile boolean running;
    private boolean used;

    /**
     * @param checkpointDir where checkpoints go (and are resumed from when one exists there); null: none
     */
    public TrainingJob(TrainingConfig config, TrainingData data, NetworkSpec spec, Path checkpointDir) {
        this(config, data, spec, checkpointDir, null);
    }

    /**
     * @param checkpointDir where checkpoints go (and are resumed from when one exists there); null: none
     * @param checkpoint    the checkpoint in {@code checkpointDir} as the caller has already opened it
     *                      ({@link Checkpoint#open}), so that it is not read again; null: opened here if there is one
     */
    public TrainingJob(TrainingConfig config, TrainingData data, NetworkSpec spec, Path checkpointDir,
                       Checkpoint.Opened checkpoint) {
        if (spec.classes() != data.alphabet().size() || spec.length() != data.labelLength()) {
            throw new IllegalArgumentException("network spec does not match the data's alphabet or label length");
        }
        if (checkpoint == null && hasCheckpoint(checkpointDir)) {
            checkpoint = Checkpoint.open(checkpointDir, config.learningRate());
        }
        if (checkpoint != null) {
            checkResumable(checkpointDir, checkpoint.record(), data, spec);
        } else if (config.initFrom() != null) {
            checkStartingRun(config.initFrom(), data, spec);
        }
        this.config = config;
        this.data = data;
        this.spec = spec;
        this.checkpointDir = checkpointDir;
        this.checkpoint = checkpoint;
    }

    /**
     * Refuses, in one line naming the folder, a checkpoint this run cannot resume: one started with another preset,
     * input size, alphabet or label length (its network could not take this run's images or labels).
     */
    private static void checkResumable(Path dir, Checkpoint record, TrainingData data, NetworkSpec spec) {
        List<String> reasons = record.misfits(spec, data.alphabet());
        if (!reasons.isEmpty()) {
            throw new NotResumable("the checkpoint in " + dir + " was started with " + String.join("; ", reasons));
        }
    }

    /** A checkpoint in the job's folder that this run cannot resume; the message says what it was started with. */
    public static final class NotResumable extends IllegalArgumentException {
        NotResumable(String message) {
            super(message);
        }
    }

    /**
     * Refuses, in one line naming the folder, a saved run whose weights cannot start this run: it must be readable
     * and have the same preset, alphabet (in the same order, since class k is the k-th character), label length
     * and input size.
     */
    private static void checkStartingRun(Path folder, TrainingData data, NetworkSpec spec) {
        RunInfo info = ModelFolder.readInfo(folder);
        List<String> reasons = new ArrayList<>();
        if (!spec.preset().id().equals(info.preset())) {
            reasons.add("preset " + info.preset() + ", not " + spec.preset().id());
        }
        if (!data.alphabet().chars().equals(info.alphabet())) {
            reasons.add("alphabet " + info.alphabet() + ", not " + data.alphabet().chars());
        }
        if (info.labelLength() != spec.length()) {
            reasons.add("label length " + info.labelLength() + ", not " + spec.length());
        }
        if (info.inputWidth() != spec.width() || info.inputHeight() != spec.height()) {
            reasons.add("input " + info.inputSize() + ", not " + spec.width() + "x" + spec.height());
        }
        if (!Files.isRegularFile(folder.resolve(ModelFolder.NETWORK))) {
            reasons.add("no " + ModelFolder.NETWORK);
        }
        if (!reasons.isEmpty()) {
            throw new IllegalArgumentException("cannot start from " + folder + ": it has " + String.join("; ", reasons));
        }
    }

    public TrainingJob addListener(TrainingListener l) {
        listeners.add(l);
        return this;
    }

    /** Asks for a copy of the network at each epoch's end (which costs time and native memory: see {@link SnapshotListener}). */
    public TrainingJob addSnapshotListener(SnapshotListener l) {
        snapshotListeners.add(l);
        return this;
    }

    public TrainingConfig config() {
        return config;
    }

    /**
     * Trains on a new daemon thread; the future completes with the result, never exceptionally: whatever the run
     * throws, an Error too, is a FAILED result (the window waits on this future to learn that the run has ended).
     */
    public CompletableFuture<TrainingResult> start() {
        claim();
        CompletableFuture<TrainingResult> f = new CompletableFuture<>();
        Thread t = new Thread(() -> f.complete(runClaimed()), "training");
        t.setDaemon(true);
        t.start();
        return f;
    }

    /** Trains on this thread until done, stopped or failed. Never throws: failures, Errors too, are a FAILED result. */
    public TrainingResult run() {
        claim();
        return runClaimed();
    }

    private void claim() {
        synchronized (lock) {
            if (running || used) {
                throw new IllegalStateException("a training job runs once; create a new one (it resumes from the checkpoint)");
            }
            running = true;
            used = true;
        }
    }

    private TrainingResult runClaimed() {
        TrainingResult result;
        try {
            NativeMemory.applyLimit();
            result = new TrainingLoop(this).run();
        } catch (OutOfMemoryError e) {
            LOG.error("out of memory", e);
            result = failed(outOfMemoryMessage());
        } catch (Unusable e) {
            LOG.error("training cannot go on: {}", e.getMessage());
            result = failed(e.getMessage());
        } catch (ImageDecodeException e) {
            LOG.error("image decoding failed", e);
            result = failed("cannot read an image: " + e.getMessage());
        } catch (IOException e) {
            LOG.error("i/o failure", e);
            result = failed("cannot write the checkpoint: " + ErrorLines.oneLine(e));
        } catch (RuntimeException e) {
            LOG.error("training failed", e);
            // no "training failed: " of its own: train prints "error: ", the window "Training failed: " before it
            result = failed(NativeMemory.isOutOfMemory(e) ? outOfMemoryMessage() : ErrorLines.oneLine(e));
        } catch (Throwable e) {
            // an Error other than running out of memory (a failed assertion, a stack overflow, one thrown by a
            // listener): the run has ended all the same, and start()'s future must say so
            LOG.error("training failed", e);
            result = failed(ErrorLines.oneLine(e));
        } finally {
            running = false;
        }
        TrainingResult r = result;
        for (TrainingListener l : listeners) {
            try {
                l.finished(r);
            } catch (Throwable e) {
                // the run's outcome is decided; one listener's failure must not keep it from the others or the caller
                LOG.error("a training listener failed on the result", e);
            }
        }
        return r;
    }

    /** The advice for a minibatch that does not fit, and what is still on disk. */
    private String outOfMemoryMessage() {
        String kept = "";
        if (hasCheckpoint(checkpointDir)) {
            try {
                kept = "; the checkpoint after epoch " + Checkpoint.read(checkpointDir).epoch() + " is kept";
            } catch (RuntimeException e) {
                LOG.warn("cannot read the checkpoint back", e);
            }
        }
        if (config.batchSize() == 1) {
            // nothing left to lower there: it is the image size (and the network built for it) that does not fit
            return "too little memory for one image of " + spec.width() + "x" + spec.height()
                    + ": train at a smaller input size" + kept;
        }
        return "too little memory for a batch of " + config.batchSize() + " images: lower the batch size" + kept;
    }

    private TrainingResult failed(String message) {
        return new TrainingResult(Status.FAILED, message, List.of(), 0, null);
    }

    /**
     * Pauses between minibatches (before the first, between chunks of the images being decoded) until
     * {@link #resume()}. Paused time does not count toward the time limit.
     */
    public void pause() {
        synchronized (lock) {
            paused = true;
        }
    }

    public void resume() {
        synchronized (lock) {
            paused = false;
            lock.notifyAll();
        }
    }

    /**
     * Stops after the current minibatch (also when paused), or, before the first, at once (while the images decode,
     * after a few more); the result keeps the best network so far.
     */
    public void stop() {
        stopRequested = true;
        resume();
    }

    public boolean isPaused() {
        synchronized (lock) {
            return paused;
        }
    }

    boolean stopRequested() {
        return stopRequested;
    }

    /** Blocks while paused; returns the nanoseconds spent waiting. */
    long awaitIfPaused() {
        long t0 = System.nanoTime();
        synchronized (lock) {
            while (paused && !stopRequested) {
                try {
                    lock.wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    stopRequested = true;
                }
            }
        }
        return System.nanoTime() - t0;
    }

    /**
     * Decodes every train and validation image (on both cores, into the data's cache, as the first epoch would) and
     * leaves out each that will not decode, saying so to the listeners in one line, so that one damaged file costs
     * only itself. Called once the network is loaded, so that a damaged checkpoint is reported before any decoding.
     * Pause and stop take effect between small chunks of images, as they do between minibatches: decoding a large
     * dataset takes minutes.
     *
     * @return false when the run was stopped before every image was decoded (the data is then left as it was)
     * @throws Unusable when no training or no validation image decodes
     */
    boolean leaveOutUndecodable() {
        int total = data.train().size() + data.val().size();
        if (data.images().cachedCount() < total) {
            notifyListeners(l -> l.message("decoding " + total + " images"));
        }
        List<ImageDecodeException> leftOut = new ArrayList<>();
        TrainingData readable;
        try {
            readable = data.decodable(leftOut, () -> {
                awaitIfPaused();
                return stopRequested;
            });
        } catch (CancellationException e) {
            LOG.info("stopped while decoding: {}", e.getMessage());
            return false;
        } catch (IllegalArgumentException e) {
            throw new Unusable("no training image decodes; the first: " + leftOut.get(0).getMessage());
        }
        if (readable != data) {
            ImageDecodeException.leftOutNote(leftOut).ifPresent(n -> notifyListeners(l -> l.leftOut(n)));
            if (readable.val().isEmpty()) {
                throw new Unusable("no validation image decodes, and training is judged on them; the last: "
                        + leftOut.get(leftOut.size() - 1).getMessage());
            }
            data = readable;
        }
        return true;
    }

    /** The data left nothing to train on or to judge the run by; the message says why, in one line. */
    static final class Unusable extends RuntimeException {
        Unusable(String message) {
            super(message);
        }
    }

    /** The data this job trains on: after {@link #run}, without the images that would not decode. */
    public TrainingData data() {
        return data;
    }

    NetworkSpec spec() {
        return spec;
    }

    Path checkpointDir() {
        return checkpointDir;
    }

    void notifyListeners(java.util.function.Consumer<TrainingListener> call) {
        for (TrainingListener l : listeners) {
            try {
                call.accept(l);
            } catch (RuntimeException e) {
                LOG.warn("a training listener failed", e);
            }
        }
    }

    /** Gives the snapshot listeners one copy of {@code network}; makes none when there is no such listener. */
    void publishSnapshot(int epoch, CaptchaNetwork network) {
        if (snapshotListeners.isEmpty()) {
            return;
        }
        Predictor p = new Predictor(network.copy(), data.alphabet());
        snapshotsTaken++;
        for (SnapshotListener l : snapshotListeners) {
            try {
                l.snapshot(epoch, p);
            } catch (RuntimeException e) {
                LOG.warn("a snapshot listener failed", e);
            }
        }
    }

    int snapshotsTaken() {
        return snapshotsTaken;
    }

    /** The checkpoint this job resumes, as read when it was made; null when it starts afresh. */
    Checkpoint.Opened checkpoint() {
        return checkpoint;
    }

    static boolean hasCheckpoint(Path dir) {
        return dir != null && Files.isRegularFile(dir.resolve(Checkpoint.JSON_FILE));
    }
}
