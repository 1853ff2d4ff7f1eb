package org.captchalab.ui.backend;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.captchalab.dataset.Alphabet;
import org.captchalab.dataset.ImageSize;
import org.captchalab.dataset.PixelEncoder;
import org.captchalab.model.CaptchaNetwork;
import org.captchalab.model.ImageTensors;
import org.captchalab.model.NetworkSpec;
import org.captchalab.model.Preset;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One training run started from the window, on its own thread, over the label snapshot of its request.
 * It loops minibatch by minibatch (so pause and stop act between minibatches), reports every minibatch and
 * epoch to {@link TrainingEvents}, and saves the network, run.json and metrics.csv when it ends. Any failure
 * (a NaN loss, out of memory, a bad image) ends the run with a one-line message, never a stack trace.
 */
final class GuiTrainingRun implements Runnable, TrainingSession {

    private static final Logger LOG = LoggerFactory.getLogger(GuiTrainingRun.class);
    private static final long SEED = 42;
    private static final int EVAL_TRAIN_MAX = 1000;

    private final Workspace workspace;
    private final TrainingRequest request;
    private final TrainingEvents events;
    private final Object lock = new Object();
    private volatile boolean paused;
    private volatile boolean stopped;

    GuiTrainingRun(Workspace workspace, TrainingRequest request, TrainingEvents events) {
        this.workspace = workspace;
        this.request = request;
        this.events = events;
    }

    private record Example(int index, String label, byte[] pixels) {
    }

    @Override
    public void run() {
        try {
            train();
        } catch (Throwable t) {
            LOG.error("training run {} failed", request.runName(), t);
            String why = t instanceof OutOfMemoryError ? "out of memory: lower the batch size"
                    : t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage().lines().findFirst().orElse("");
            events.failed(why);
        }
    }

    private void train() throws Exception {
        long started = System.currentTimeMillis();
        Alphabet alphabet = workspace.alphabet();
        int[] in = workspace.inputSize();
        ImageSize size = new ImageSize(in[0], in[1]);
        NetworkSpec spec = new NetworkSpec(Preset.parse(request.preset()), in[0], in[1], workspace.labelLength(),
                alphabet.size());
        List<Example> train = new ArrayList<>();
        List<Example> val = new ArrayList<>();
        for (TrainingRequest.LabelledSample s : request.snapshot()) {
            Example e = new Example(s.index(), s.label(), PixelEncoder.rgb(workspace.image(s.index()), size));
            ("val".equals(s.split()) ? val : "train".equals(s.split()) ? train : new ArrayList<Example>()).add(e);
        }
        if (train.isEmpty()) {
            throw new IllegalStateException("no labelled images in the training split");
        }
        CaptchaNetwork net = CaptchaNetwork.create(spec, SEED, request.learningRate());
        Random shuffle = new Random(SEED);
        int batch = Math.max(1, request.batchSize());
        int perEpoch = (train.size() + batch - 1) / batch;
        long total = (long) perEpoch * request.epochs();
        long deadline = request.timeLimit() == null ? Long.MAX_VALUE : started + request.timeLimit().toMillis();
        StringBuilder csv = new StringBuilder("epoch,train_loss,val_loss,train_seq_acc,val_seq_acc\n");
        double[] last = {Double.NaN, Double.NaN};
        long iteration = 0;
        int epochsDone = 0;
        for (int epoch = 1; epoch <= request.epochs() && !stopped && System.currentTimeMillis() < deadline; epoch++) {
            Collections.shuffle(train, shuffle);
            for (int b = 0; b < perEpoch && !stopped && System.currentTimeMillis() < deadline; b++) {
                waitWhilePaused();
                long t0 = System.nanoTime();
                List<Example> mb = train.subList(b * batch, Math.min(train.size(), (b + 1) * batch));
                List<byte[]> pixels = new ArrayList<>(mb.size());
                List<String> labels = new ArrayList<>(mb.size());
                for (Example e : mb) {
                    pixels.add(request.augment() ? PixelEncoder.rgb(Augmentation.apply(workspace.image(e.index()),
                            shuffle), size) : e.pixels());
                    labels.add(e.label());
                }
                double[] losses = net.fit(ImageTensors.images(pixels, spec),
                        ImageTensors.labels(labels, alphabet, spec.length()), SEED + iteration);
                double loss = 0;
                for (double l : losses) {
                    loss += l;
                }
                if (!Double.isFinite(loss)) {
                    throw new IllegalStateException("the loss became " + loss + " at iteration " + iteration
                            + ": try a lower learning rate");
                }
                iteration++;
                double secs = (System.nanoTime() - t0) / 1e9;
                long elapsed = System.currentTimeMillis() - started;
                long eta = (long) (elapsed / (double) iteration * (total - iteration));
                events.iteration(new TrainingEvents.Iteration(iteration, epoch, loss, mb.size() / Math.max(secs, 1e-6),
                        iteration / (double) total, Math.min(eta, deadline - System.currentTimeMillis())));
            }
            if (spec.preset().usesBatchNorm()) {
                List<INDArray> calib = new ArrayList<>();
                for (int i = 0; i < Math.min(train.size(), 10 * batch); i += batch) {
                    calib.add(ImageTensors.images(pixelsOf(train.subList(i, Math.min(train.size(), i + batch))), spec));
                }
                net.recalibrate(calib);
            }
            Evaluation tr = Evaluation.of(net, spec, alphabet, train.subList(0, Math.min(EVAL_TRAIN_MAX, train.size()))
                    .stream().map(e -> new Evaluation.Item(e.label(), e.pixels())).toList());
            Evaluation va = Evaluation.of(net, spec, alphabet,
                    val.stream().map(e -> new Evaluation.Item(e.label(), e.pixels())).toList());
            events.epoch(new TrainingEvents.Epoch(epoch, iteration, tr.loss(), va.loss(), tr.positionAccuracy(),
                    va.positionAccuracy(), tr.sequenceAccuracy(), va.sequenceAccuracy()));
            csv.append(String.format(java.util.Locale.ROOT, "%d,%.5f,%.5f,%.5f,%.5f%n", epoch, tr.loss(), va.loss(),
                    tr.sequenceAccuracy(), va.sequenceAccuracy()));
            last[0] = va.sequenceAccuracy();
            last[1] = va.loss();
            epochsDone = epoch;
        }
        events.finished(save(net, spec, alphabet, epochsDone, last, csv.toString(), train.size(), val.size()));
    }

    private static List<byte[]> pixelsOf(List<Example> list) {
        return list.stream().map(Example::pixels).toList();
    }

    private RunSummary save(CaptchaNetwork net, NetworkSpec spec, Alphabet alphabet, int epochs, double[] last,
                            String csv, int trainCount, int valCount) throws Exception {
        Path dir = workspace.modelsFolder().resolve(request.runName());
        Files.createDirectories(dir);
        net.save(dir.resolve(RunFiles.NETWORK), false);
        ObjectNode j = RunFiles.newRunJson();
        j.put("preset", spec.preset().id());
        j.put("width", spec.width());
        j.put("height", spec.height());
        j.put("length", spec.length());
        j.put("alphabet", alphabet.chars());
        j.put("case_rule", workspace.caseRule().name());
        j.put("preprocessing", "RGB resized to width x height, pixels / 255");
        j.put("dataset", workspace.folder().toString());
        j.put("train_images", trainCount);
        j.put("val_images", valCount);
        j.put("epochs", epochs);
        j.put("batch_size", request.batchSize());
        j.put("learning_rate", request.learningRate());
        j.put("augment", request.augment());
        j.put("seed", SEED);
        j.put("saved_at", System.currentTimeMillis());
        ObjectNode fin = j.putObject("final");
        fin.put("val_sequence_accuracy", last[0]);
        fin.put("val_loss", last[1]);
        RunFiles.writeJson(dir, j);
        RunFiles.writeText(dir.resolve("metrics.csv"), csv);
        return RunFiles.summary(dir, j);
    }

    private void waitWhilePaused() throws InterruptedException {
        synchronized (lock) {
            while (paused && !stopped) {
                lock.wait(200);
            }
        }
    }

    @Override
    public void pause() {
        paused = true;
    }

    @Override
    public void resume() {
        synchronized (lock) {
            paused = false;
            lock.notifyAll();
        }
    }

    @Override
    public void stop() {
        stopped = true;
        resume();
    }
}
