package org.captchalab.model;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.captchalab.dataset.AtomicWrite;
import org.nd4j.autodiff.listeners.At;
import org.nd4j.autodiff.listeners.BaseListener;
import org.nd4j.autodiff.listeners.Loss;
import org.nd4j.autodiff.listeners.Operation;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.TrainingConfig;
import org.nd4j.autodiff.samediff.VariableType;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;

/**
 * The four-head (N-head) captcha CNN as a SameDiff graph, with one training step, inference, copying and
 * saving.
 *
 * <p>Threading: a SameDiff graph is not safe for concurrent use, and this class adds no locking. The training
 * job owns the network it trains; everybody else predicts with a {@link #copy()} (see {@link Predictor}).
 */
public final class CaptchaNetwork {

    private final NetworkSpec spec;
    private final SameDiff sd;
    private final int features;
    private final LossReading[] lossReadings;
    private final LossCapture lossCapture = new LossCapture();
    /** Package-visible so a profiling probe can attach listeners to the steps. */
    TrainingSteps steps;
    /** {@code -Dcaptchalab.fitPath=true} trains through {@code SameDiff.fit} every step, to compare with {@link TrainingSteps}. */
    static final boolean SLOW_PATH = Boolean.getBoolean("captchalab.fitPath");
    /** Weight decay shrinks the trainable variables whose names end so: weight matrices and convolution kernels. */
    static final String DECAYED_SUFFIX = "_W";
    private double weightDecay;
    private List<String> decayed;
    /**
     * {@code -Dcaptchalab.seedPass=samediff} runs seed networks through SameDiff's session like the other presets,
     * instead of {@link SeedPass}, to compare the two.
     */
    static final boolean SEED_PASS = !"samediff".equals(System.getProperty("captchalab.seedPass"));
    private boolean direct = SEED_PASS;
    private SeedPass seedPass;
    private boolean seedPassChecked;

    private CaptchaNetwork(NetworkSpec spec, SameDiff sd, int features) {
        this.spec = spec;
        this.sd = sd;
        this.features = features;
        this.lossReadings = new LossReading[spec.length()];
        for (int i = 0; i < lossReadings.length; i++) {
            lossReadings[i] = new LossReading();
        }
    }

    /** A freshly initialised network; the same seed always gives the same weights. */
    public static CaptchaNetwork create(NetworkSpec spec, long seed, double learningRate) {
        NetworkGraphs.Built built = NetworkGraphs.build(spec, seed);
        CaptchaNetwork net = new CaptchaNetwork(spec, built.sd(), built.features());
        net.configureTraining(learningRate);
        return net;
    }

    /** The layers of a preset for a spec, without keeping the graph (for {@code describe}). */
    public static List<LayerSummary> describe(NetworkSpec spec) {
        return NetworkGraphs.build(spec, 0).layers();
    }

    private void configureTraining(double learningRate) {
        List<String> featureNames = new ArrayList<>(List.of(NetworkGraphs.INPUT));
        if (spec.preset().dropoutKeep() < 1.0) {
            featureNames.add(NetworkGraphs.DROP_MASK);
        }
        String[] labels = new String[spec.length()];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = NetworkGraphs.label(i);
        }
        TrainingConfig.Builder b = new TrainingConfig.Builder()
                .updater(new Adam(learningRate))
                .dataSetFeatureMapping(featureNames)
                .dataSetLabelMapping(labels);
        for (int i = 0; i < labels.length; i++) {
            b.trainEvaluation(NetworkGraphs.loss(i), i, lossReadings[i]);
        }
        sd.setTrainingConfig(b.build());
    }

    /**
     * Changes Adam's learning rate from the next step on, keeping its moment estimates (for a schedule; the
     * rate is saved with the optimiser state in checkpoints).
     */
    public void setLearningRate(double rate) {
        sd.getTrainingConfig().getUpdater().setLrAndSchedule(rate, null);
        if (sd.getUpdaterMap() != null) {
            for (org.nd4j.linalg.learning.GradientUpdater<?> u : sd.getUpdaterMap().values()) {
                u.getConfig().setLrAndSchedule(rate, null);
            }
        }
    }

    /** Adam's current learning rate. */
    public double learningRate() {
        return sd.getTrainingConfig().getUpdater().getLearningRate(0, 0);
    }

    /** The graph itself, for probes in this package. */
    SameDiff graph() {
        return sd;
    }

    public NetworkSpec spec() {
        return spec;
    }

    /** Trainable parameters (batch-norm population statistics are not counted: they are not trained). */
    public long parameterCount() {
        long n = 0;
        for (SDVariable v : sd.variables()) {
            if (v.getVariableType() == VariableType.VARIABLE) {
                n += v.getArr().length();
            }
        }
        return n;
    }

    /**
     * One optimiser step on a minibatch; returns the loss of each head (their sum is the objective).
     *
     * @param images   [B,H,W,3] floats in [0,1] (see {@link ImageTensors})
     * @param labels   one one-hot [B,K] array per position
     * @param maskSeed seeds the dropout mask, so a run is reproducible even when resumed
     */
    public double[] fit(INDArray images, INDArray[] labels, long maskSeed) {
        List<INDArray> in = new ArrayList<>(3);
        in.add(images);
        if (spec.preset().dropoutKeep() < 1.0) {
            in.add(dropMask(images.size(0), maskSeed));
        }
        INDArray[] inputs = in.toArray(new INDArray[0]);
        org.nd4j.linalg.dataset.MultiDataSet batch = new org.nd4j.linalg.dataset.MultiDataSet(inputs, labels);
        double[] losses;
        SeedPass pass = SLOW_PATH ? null : seedPass();
        if (pass != null && pass.canStep(sd.getTrainingConfig(), sd.getUpdaterMap(), images.size(0))) {
            // also the first step of a network loaded with its Adam state, so a resumed run steps as one never stopped
            losses = pass.step(images, labels, sd.getTrainingConfig(), sd.getUpdaterMap());
        } else if (steps != null && !SLOW_PATH) {
            losses = steps.step(batch);
        } else {
            lossCapture.losses = null;
            fitQuietly(batch);
            if (lossCapture.losses == null) {
                throw new IllegalStateException("SameDiff reported no loss for the minibatch");
            }
            steps = new TrainingSteps(sd);
            losses = lossCapture.losses;
        }
        decayWeights();
        return losses;
    }

    /**
     * Sets the decoupled weight decay applied after every step (0, the default, turns it off): each weight matrix
     * and convolution kernel (the variables named {@code *_W}) is multiplied by {@code 1 - learningRate * decay}.
     * Biases, batch-norm scales and shifts and attention priors are left alone. It is not saved with the network:
     * the training run sets it from its configuration, also when it resumes.
     */
    public void setWeightDecay(double decay) {
        if (!(decay >= 0) || Double.isInfinite(decay)) {
            throw new IllegalArgumentException("weight decay must be a number >= 0: " + decay);
        }
        this.weightDecay = decay;
    }

    /**
     * The direct seed pass for this network, or null when it is not a seed network, or the direct path is off (see
     * {@link #useSeedPass}).
     */
    synchronized SeedPass seedPass() {
        if (!direct) {
            return null;
        }
        if (!seedPassChecked || seedPass != null && !seedPass.current()) {
            seedPass = SeedPass.of(sd, spec);
            seedPassChecked = true;
        }
        return seedPass;
    }

    /** Turns the {@link SeedPass} on or off for this network (tests and probes compare it with SameDiff's path). */
    synchronized void useSeedPass(boolean on) {
        direct = on;
    }

    /** A copy of a variable's current values (for tests). */
    INDArray variable(String name) {
        return sd.getArrForVarName(name).dup();
    }

    /** Every trainable variable's name. */
    List<String> trainableVariables() {
        List<String> names = new ArrayList<>();
        for (SDVariable v : sd.variables()) {
            if (v.getVariableType() == VariableType.VARIABLE) {
                names.add(v.name());
            }
        }
        return names;
    }

    /** The variables weight decay shrinks: every trainable weight matrix and convolution kernel. */
    List<String> decayedVariables() {
        return trainableVariables().stream().filter(n -> n.endsWith(DECAYED_SUFFIX)).toList();
    }

    private void decayWeights() {
        if (weightDecay == 0) {
            return;
        }
        if (decayed == null) {
            decayed = decayedVariables();
        }
        double factor = 1 - learningRate() * weightDecay;
        for (String name : decayed) {
            sd.getArrForVarName(name).muli(factor);
        }
    }

    /**
     * The first {@code fit} builds the gradient function, and SameDiff M2.1 prints "Added differentiated op
     * ..." for every op to {@code System.out} while doing so, which would garble the CLI's output. Standard
     * output is muted for that one call (the CLI prints through its own writer, unaffected).
     */
    private void fitQuietly(org.nd4j.linalg.dataset.MultiDataSet batch) {
        synchronized (CaptchaNetwork.class) {
            // read inside the lock: another network's first step may have muted it for the moment
            java.io.PrintStream original = System.out;
            System.setOut(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
            try {
                sd.fit(batch, lossCapture);
            } finally {
                System.setOut(original);
            }
        }
    }

    /** Per position, the softmax probabilities [B,K] for a batch of images. */
    public INDArray[] probabilities(INDArray images) {
        return probabilities(images, false);
    }

    /**
     * Probabilities from the inference path (population statistics, no dropout), or, when
     * {@code trainingPath}, from the training path as a training step sees them (minibatch statistics; no dropout).
     */
    INDArray[] probabilities(INDArray images, boolean trainingPath) {
        if (trainingPath && !hasInferencePath()) {
            throw new IllegalStateException("this network has one path for training and inference");
        }
        SeedPass pass = trainingPath ? null : seedPass();
        if (pass != null && pass.canPredict(images.size(0))) {
            return pass.probabilities(images);
        }
        // networks saved before the separate inference path read their probabilities through the dropout mask
        Map<String, INDArray> in = feed(images, trainingPath || !hasInferencePath());
        String[] names = new String[spec.length()];
        for (int i = 0; i < names.length; i++) {
            names[i] = trainingPath ? NetworkGraphs.trainingProb(i) : NetworkGraphs.prob(i);
        }
        return outputs(in, names);
    }

    /**
     * For an {@link Preset#ATTENTION} network, where each position read each image (inference path); for other
     * networks an empty array.
     */
    public AttentionMap[] attention(INDArray images) {
        String layer = attentionLayer();
        if (layer == null) {
            return new AttentionMap[0];
        }
        String name = GraphLayers.INFERENCE_PREFIX + layer + GraphLayers.ATTENTION_WEIGHTS;
        long[] grid = sd.getArrForVarName(layer + GraphLayers.ATTENTION_PRIOR).shape();
        int rows = (int) grid[1];
        int columns = (int) grid[2];
        INDArray w = outputs(feed(images, false), new String[] {name})[0];
        int positions = spec.length();
        int cells = rows * columns;
        float[] all = w.dup('c').data().asFloat();
        AttentionMap[] maps = new AttentionMap[(int) w.size(0)];
        for (int b = 0; b < maps.length; b++) {
            float[][] perPosition = new float[positions][cells];
            for (int cell = 0; cell < cells; cell++) {
                for (int p = 0; p < positions; p++) {
                    perPosition[p][cell] = all[(b * cells + cell) * positions + p];
                }
            }
            maps[b] = new AttentionMap(rows, columns, perPosition);
        }
        return maps;
    }

    /** The name of the graph's attention layer ({@code attend<k>}), or null if it has none. */
    String attentionLayer() {
        for (String v : sd.variableMap().keySet()) {
            if (v.startsWith(GraphLayers.ATTENTION_LAYER) && v.endsWith(GraphLayers.ATTENTION_PRIOR)) {
                return v.substring(0, v.length() - GraphLayers.ATTENTION_PRIOR.length());
            }
        }
        return null;
    }

    /**
     * The training objective of each head on a minibatch without a step: the training path with minibatch
     * statistics and no dropout, and the preset's label smoothing. For tests.
     */
    double[] objective(INDArray images, INDArray[] labels) {
        Map<String, INDArray> in = feed(images, true);
        String[] names = new String[spec.length()];
        for (int i = 0; i < names.length; i++) {
            in.put(NetworkGraphs.label(i), labels[i]);
            names[i] = NetworkGraphs.loss(i);
        }
        INDArray[] out = outputs(in, names);
        double[] losses = new double[names.length];
        for (int i = 0; i < names.length; i++) {
            losses[i] = out[i].sumNumber().doubleValue();
        }
        return losses;
    }

    /** The placeholders for a forward pass: the images, and a dropout mask of ones when asked and the graph has one. */
    private Map<String, INDArray> feed(INDArray images, boolean onesMask) {
        Map<String, INDArray> in = new HashMap<>();
        in.put(NetworkGraphs.INPUT, images);
        if (onesMask && sd.hasVariable(NetworkGraphs.DROP_MASK)) {
            in.put(NetworkGraphs.DROP_MASK, Nd4j.ones(DataType.FLOAT, images.size(0), features));
        }
        return in;
    }

    /** The named outputs of one forward pass, in the order named. */
    private INDArray[] outputs(Map<String, INDArray> in, String[] names) {
        Map<String, INDArray> out = sd.output(in, names);
        INDArray[] arrays = new INDArray[names.length];
        for (int i = 0; i < names.length; i++) {
            arrays[i] = out.get(names[i]);
        }
        return arrays;
    }

    private boolean hasInferencePath() {
        return sd.hasVariable(NetworkGraphs.trainingProb(0));
    }

    /** Whether the graph has batch normalisation (networks saved before it was added to {@code strong} do not). */
    public boolean normalises() {
        return sd.variableMap().keySet().stream().anyMatch(v -> v.endsWith(NetworkGraphs.POP_MEAN));
    }

    /**
     * Sets every batch-norm layer's population statistics (used for inference) from the given training images:
     * the mean over the minibatches of each minibatch's mean and variance, computed by the current weights
     * ("precise" batch-norm statistics, instead of running averages updated during training, so that they
     * describe exactly the weights being evaluated and saved). Does nothing for networks without batch norm.
     *
     * @param imageBatches [B,H,W,3] minibatches of (un-augmented) training images; at least one
     */
    public void calibrateNormalisation(List<INDArray> imageBatches) {
        if (!normalises() || imageBatches.isEmpty()) {
            return;
        }
        List<String> layers = new ArrayList<>();
        for (String v : sd.variableMap().keySet()) {
            if (v.endsWith(NetworkGraphs.POP_MEAN)) {
                layers.add(v.substring(0, v.length() - NetworkGraphs.POP_MEAN.length()));
            }
        }
        List<String> outputs = new ArrayList<>();
        for (String l : layers) {
            outputs.add(l + NetworkGraphs.BATCH_MEAN);
            outputs.add(l + NetworkGraphs.BATCH_VAR);
        }
        Map<String, INDArray> sums = new HashMap<>();
        for (INDArray images : imageBatches) {
            // the minibatch moments lie on the training path before the dropout: the images are all it needs
            Map<String, INDArray> out = sd.output(Map.of(NetworkGraphs.INPUT, images), outputs.toArray(new String[0]));
            for (String o : outputs) {
                sums.merge(o, out.get(o).dup(), INDArray::addi);
            }
        }
        for (String l : layers) {
            // assigned in place: the constant's buffer is what every session of this graph reads
            sd.getArrForVarName(l + NetworkGraphs.POP_MEAN).assign(sums.get(l + NetworkGraphs.BATCH_MEAN).divi(imageBatches.size()));
            sd.getArrForVarName(l + NetworkGraphs.POP_VAR).assign(sums.get(l + NetworkGraphs.BATCH_VAR).divi(imageBatches.size()));
        }
    }

    private INDArray dropMask(long batch, long seed) {
        double keep = spec.preset().dropoutKeep();
        Random r = new Random(seed);
        float[] m = new float[Math.toIntExact(batch * features)];
        float scale = (float) (1.0 / keep);
        for (int i = 0; i < m.length; i++) {
            m[i] = r.nextDouble() < keep ? scale : 0f;
        }
        return Nd4j.create(m, new long[] {batch, features}, DataType.FLOAT);
    }

    /** A deep copy sharing nothing with this network: safe to predict with while this one trains. */
    public CaptchaNetwork copy() {
        CaptchaNetwork copy = new CaptchaNetwork(spec, sd.dup(), features);
        synchronized (this) {
            copy.direct = direct;
        }
        return copy;
    }

    /**
     * Saves in SameDiff's own (FlatBuffers) format, written to a temporary file and renamed ({@link AtomicWrite}), so a
     * crash never leaves a half-written file in place of a good one.
     */
    public void save(Path file, boolean withUpdaterState) throws IOException {
        AtomicWrite.replace(file, tmp -> sd.save(tmp.toFile(), withUpdaterState));
    }

    /**
     * Loads a network saved by {@link #save} and checks that it has the shape {@code spec} says.
     *
     * @throws ModelFormatException with a one-line reason when the file is not such a network
     */
    public static CaptchaNetwork load(Path file, NetworkSpec spec, double learningRate, boolean withUpdaterState) {
        SameDiff sd = NetworkFile.read(file, file.getFileName().toString(), withUpdaterState);
        NetworkFile.checkShape(sd, spec, file);
        return loaded(spec, sd, learningRate);
    }

    /**
     * A network saved by {@link #save}, of the shape read from the graph itself rather than checked against one
     * ({@link NetworkFile#shapeOf}). For checkpoints that do not record their shape: the one reading of the file gives
     * both the shape to check and the network to resume.
     *
     * @throws ModelFormatException with a one-line reason when the file is not such a network
     */
    public static CaptchaNetwork loadAsSaved(Path file, double learningRate, boolean withUpdaterState) {
        SameDiff sd = NetworkFile.read(file, file.toString(), withUpdaterState);
        return loaded(NetworkFile.shapeOf(sd, file), sd, learningRate);
    }

    /** A graph read back, ready to train: a file saved without its training configuration gets a fresh one. */
    private static CaptchaNetwork loaded(NetworkSpec spec, SameDiff sd, double learningRate) {
        CaptchaNetwork net = new CaptchaNetwork(spec, sd, NetworkFile.maskWidth(sd));
        if (sd.getTrainingConfig() == null) {
            net.configureTraining(learningRate);
        }
        return net;
    }

    /** Takes the per-loss values SameDiff reports after each training iteration. */
    private static final class LossCapture extends BaseListener {
        double[] losses;

        @Override
        public boolean isActive(Operation operation) {
            return operation == Operation.TRAINING;
        }

        @Override
        public void iterationDone(SameDiff sd, At at, MultiDataSet dataSet, Loss loss) {
            losses = loss.getLosses().clone();
        }
    }
}
