package org.captchalab.model;

import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.TrainingConfig;
import org.nd4j.autodiff.samediff.internal.SameDiffOp;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.CustomOp;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.api.ops.OpContext;
import org.nd4j.linalg.api.ops.impl.layers.convolution.Conv2D;
import org.nd4j.linalg.api.ops.impl.layers.convolution.MaxPooling2D;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.PaddingMode;
import org.nd4j.linalg.api.ops.impl.scalar.Step;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.GradientUpdater;

/**
 * The {@link Preset#SEED} network's forward pass and training step written out with ND4J operations on the graph's
 * own weight arrays, instead of through a SameDiff session. Same network, same loss, same Adam (SameDiff's own
 * updater objects, so checkpoints and resuming are unchanged); {@code SeedPassTest} checks the gradients, steps and
 * probabilities against SameDiff's.
 *
 * <p>Why it is faster (measured on a 2-core AMD EPYC with AVX2; figures in docs/model.md):
 * <ul>
 * <li><b>Only what reaches the output is computed.</b> Every pooling floors, so at 129x53 the last pooling's 6x1
 * cells depend on the top-left 126x46 pixels only; each layer is computed on exactly the part the next one reads.
 * That drops about 15% of the arithmetic and changes no result.</li>
 * <li><b>The first convolution is one matrix product.</b> Its 3x3x3 patches are written out in Java (27 columns,
 * and a 28th of ones for the bias), one row per output position, in four blocks, one per position (dy, dx) of the 2x2
 * pooling cells, each block in the NHWC order of the cells: the pooling is then the elementwise maximum of four
 * contiguous blocks, straight into the layout the second convolution reads. oneDNN's own first convolution (3 input
 * channels) ran several times slower than the product, and its backward pass also computed the image's gradient,
 * which nothing uses.</li>
 * <li><b>The first pooling's gradient is routed by comparison</b> in a dozen elementwise operations on the blocks,
 * and the kernel's gradient is one more matrix product; oneDNN's {@code maxpool2d_bp} took longer than all of them.
 * Where a cell holds its maximum at more than one position (identical patches on a flat background, or different
 * ones whose values agree to the last bit), the first in raster order gets the gradient, as in SameDiff's pooling:
 * the comparisons are strict, so a later position wins only when it is greater.</li>
 * <li><b>Every array is allocated once per batch size and reused</b>, and each operation's native context is built
 * once for them, so a step neither zero-fills nor faults in fresh memory, nor redoes the Java work around each
 * operation.</li>
 * </ul>
 *
 * <p>Its entry points are synchronized: two threads using one network take turns (SameDiff's session let them
 * interleave; the pass shares its arrays between calls).
 */
final class SeedPass {

    /** The ops of the seed trunk, in graph order, as {@link NetworkGraphs} builds it. */
    private static final List<String> TRUNK_OPS = List.of("conv2d", "maxpool2d", "conv2d", "maxpool2d", "relu",
            "conv2d", "maxpool2d", "relu", "conv2d", "maxpool2d", "relu", "reshape", "relu");
    private static final int LAYERS = 4;
    /** Patch columns: 3x3 positions x 3 channels, and a column of ones for the bias. */
    private static final int PATCH = 28;
    private static final int TAPS = 9 * NetworkSpec.CHANNELS;
    /** conv2d integer arguments: 3x3 kernel, stride 1, no padding, dilation 1, valid, NHWC, kernel [kH,kW,in,out]. */
    private static final long[] CONV = {3, 3, 1, 1, 0, 0, 1, 1, 0, 1, 0};
    /** maxpool2d integer arguments: 2x2 window, stride 2, no padding, valid, NHWC. */
    private static final long[] POOL = {2, 2, 2, 2, 0, 0, 1, 1, 0, 0, 1};
    /**
     * Batch sizes whose arrays are kept: a training network meets five each epoch (its batch, the epoch's last and
     * shorter one, the scoring batch of 128 and the two shorter ones that end the training and validation scores).
     * An evicted size's native memory is released at once, not left to the garbage collector.
     */
    private static final int KEPT_SIZES = 6;
    /** Predictions go through the pass in pieces of at most this many images (see {@link #probabilities}). */
    static final int PREDICTION_BATCH = 64;
    /** The largest patch array a batch may use: Java views it as a byte buffer, which holds at most 2^31 - 1 bytes. */
    private static final long MAX_PATCH_FLOATS = Integer.MAX_VALUE / Float.BYTES;
    /** {@code -Dcaptchalab.seedPass.profile=true}: time each stage into {@link #stageNanos} (for SeedPassProbe). */
    static final boolean PROFILE = Boolean.getBoolean("captchalab.seedPass.profile");
    static final Map<String, long[]> stageNanos = new LinkedHashMap<>();
    private static final String[][] LAYER_STAGES = new String[LAYERS][];
    static {
        for (int l = 0; l < LAYERS; l++) {
            String c = "conv" + (l + 1);
            String p = "pool" + (l + 1);
            String r = "relu" + (l + 1);
            LAYER_STAGES[l] = new String[] {c, p, r, r + " backward", p + " backward", c + " backward"};
        }
    }
    private static long mark;

    private final SameDiff sd;
    private final NetworkSpec spec;
    private final INDArray[] kernel = new INDArray[LAYERS];
    private final INDArray[] bias = new INDArray[LAYERS];
    private final INDArray[] headW;
    private final INDArray[] headB;
    /** Trainable variables in a fixed order, with a gradient array of the same shape for each. */
    private final List<String> paramNames = new ArrayList<>();
    private final List<INDArray> params = new ArrayList<>();
    private final List<INDArray> grads = new ArrayList<>();
    private final int[] filters = new int[LAYERS];
    /** Pooled output rows and columns of each layer that the next layer reads ({@code pooledH[3]} = the last map). */
    private final int[] pooledH = new int[LAYERS];
    private final int[] pooledW = new int[LAYERS];
    private final int features;
    /** The first kernel as one matrix [28, F1]: its 27 rows and the bias; and its gradient. */
    private final INDArray kernel1;
    private final INDArray kernel1Grad;
    private final Map<Integer, Buffers> buffers = new LinkedHashMap<>(4, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Integer, Buffers> eldest) {
            if (size() > KEPT_SIZES) {
                eldest.getValue().close();
                return true;
            }
            return false;
        }
    };

    private SeedPass(SameDiff sd, NetworkSpec spec, List<String[]> convInputs) {
        this.sd = sd;
        this.spec = spec;
        for (int l = 0; l < LAYERS; l++) {
            kernel[l] = sd.getArrForVarName(convInputs.get(l)[0]);
            bias[l] = sd.getArrForVarName(convInputs.get(l)[1]);
            filters[l] = (int) kernel[l].size(3);
            add(convInputs.get(l)[0], kernel[l]);
            add(convInputs.get(l)[1], bias[l]);
        }
        headW = new INDArray[spec.length()];
        headB = new INDArray[spec.length()];
        for (int i = 0; i < spec.length(); i++) {
            headW[i] = sd.getArrForVarName("head" + i + "_W");
            headB[i] = sd.getArrForVarName("head" + i + "_b");
            add("head" + i + "_W", headW[i]);
            add("head" + i + "_b", headB[i]);
        }
        // sizes forward (valid 3x3, then pooling that floors) ...
        int h = spec.height();
        int w = spec.width();
        for (int l = 0; l < LAYERS; l++) {
            h = (h - 2) / 2;
            w = (w - 2) / 2;
        }
        // ... and backward: what each layer's output must cover for the next to have its input
        pooledH[LAYERS - 1] = h;
        pooledW[LAYERS - 1] = w;
        for (int l = LAYERS - 2; l >= 0; l--) {
            pooledH[l] = 2 * pooledH[l + 1] + 2;
            pooledW[l] = 2 * pooledW[l + 1] + 2;
        }
        features = h * w * filters[LAYERS - 1];
        kernel1 = Nd4j.create(DataType.FLOAT, PATCH, filters[0]);
        kernel1Grad = Nd4j.create(DataType.FLOAT, PATCH, filters[0]);
    }

    private void add(String name, INDArray param) {
        paramNames.add(name);
        params.add(param);
        grads.add(Nd4j.create(DataType.FLOAT, param.shape()));
    }

    /**
     * The pass for a network's graph, or null when the graph is not the seed network as {@link NetworkGraphs} builds
     * it (another preset, another layout, or a graph saved by another version): such networks keep SameDiff's path.
     */
    static SeedPass of(SameDiff sd, NetworkSpec spec) {
        if (spec.preset() != Preset.SEED || spec.height() < 46 || spec.width() < 46) {
            return null;
        }
        List<String> trunk = new ArrayList<>();
        List<String[]> convs = new ArrayList<>();
        for (SameDiffOp op : sd.getOps().values()) {
            if (trunk.size() == TRUNK_OPS.size()) {
                break;
            }
            trunk.add(op.getOp().opName());
            if (!configuredAsSeed(op)) {
                return null;
            }
            if (op.getOp() instanceof Conv2D) {
                List<String> in = op.getInputsToOp();
                if (in.size() != 3) {
                    return null;
                }
                convs.add(new String[] {in.get(1), in.get(2)});
            }
        }
        if (!trunk.equals(TRUNK_OPS)) {
            return null;
        }
        long channels = NetworkSpec.CHANNELS;
        for (String[] c : convs) {
            INDArray k = sd.getArrForVarName(c[0]);
            INDArray b = sd.getArrForVarName(c[1]);
            if (k == null || b == null || k.rank() != 4 || k.size(0) != 3 || k.size(1) != 3 || k.size(2) != channels
                    || b.length() != k.size(3) || k.dataType() != DataType.FLOAT || b.dataType() != DataType.FLOAT) {
                return null;
            }
            channels = k.size(3);
        }
        for (int i = 0; i < spec.length(); i++) {
            INDArray w = sd.getArrForVarName("head" + i + "_W");
            INDArray b = sd.getArrForVarName("head" + i + "_b");
            if (w == null || b == null || w.rank() != 2 || w.size(1) != spec.classes() || b.length() != spec.classes()
                    || w.dataType() != DataType.FLOAT || b.dataType() != DataType.FLOAT) {
                return null;
            }
        }
        SeedPass pass = new SeedPass(sd, spec, convs);
        return pass.headW[0].size(0) == pass.features ? pass : null;
    }

    /** Whether a trunk op is configured as the seed network's are: 3x3 valid stride-1 NHWC, 2x2 stride-2 NHWC. */
    private static boolean configuredAsSeed(SameDiffOp op) {
        if (op.getOp() instanceof Conv2D c) {
            var cfg = c.getConfig();
            return cfg.getKH() == 3 && cfg.getKW() == 3 && cfg.getSH() == 1 && cfg.getSW() == 1 && cfg.getDH() == 1
                    && cfg.getDW() == 1 && cfg.getPaddingMode() == PaddingMode.VALID && "NHWC".equals(cfg.getDataFormat());
        }
        if (op.getOp() instanceof MaxPooling2D p) {
            var cfg = p.getConfig();
            return cfg.getKH() == 2 && cfg.getKW() == 2 && cfg.getSH() == 2 && cfg.getSW() == 2 && cfg.isNHWC()
                    && cfg.getPaddingMode() == PaddingMode.VALID;
        }
        return true;
    }

    /**
     * Whether a batch of {@code n} images fits the pass (its patch array must stay below 2 GB; a larger batch of
     * large images goes through SameDiff).
     */
    boolean fits(long n) {
        return n >= 1 && n * pooledH[0] * pooledW[0] * 4L * PATCH <= MAX_PATCH_FLOATS;
    }

    /** Whether {@link #probabilities} can take a batch of {@code n} images (it goes through in pieces). */
    boolean canPredict(long n) {
        return fits(Math.min(n, PREDICTION_BATCH));
    }

    /**
     * Whether {@link #step} can take this step as SameDiff's session would: Adam's state exists for every variable
     * (after the first step, or loaded from a checkpoint), the configuration minimises without regularisation
     * (CaptchaNetwork configures exactly that; weight decay is applied after the step, outside), and the batch fits.
     */
    boolean canStep(TrainingConfig cfg, Map<String, GradientUpdater> updaters, long batch) {
        return cfg != null && cfg.isMinimize() && (cfg.getRegularization() == null || cfg.getRegularization().isEmpty())
                && updaters != null && updaters.keySet().containsAll(paramNames) && fits(batch);
    }

    /** Per position, the softmax probabilities [B,K] for a batch of images [B,H,W,3]. */
    synchronized INDArray[] probabilities(INDArray images) {
        INDArray x = contiguous(images);
        int n = Math.toIntExact(x.size(0));
        int k = spec.classes();
        float[][] p = new float[spec.length()][n * k];
        // in pieces, so that predicting needs no larger arrays than a training batch of 64
        for (int from = 0; from < n; from += PREDICTION_BATCH) {
            int count = Math.min(PREDICTION_BATCH, n - from);
            Buffers b = forward(x, from, count);
            for (int i = 0; i < p.length; i++) {
                float[] logits = b.logits[i].data().asFloat();
                for (int r = 0; r < count; r++) {
                    softmax(logits, r * k, k, p[i], (from + r) * k);
                }
            }
        }
        INDArray[] out = new INDArray[spec.length()];
        for (int i = 0; i < out.length; i++) {
            out[i] = Nd4j.create(p[i], new long[] {n, k}, DataType.FLOAT);
        }
        return out;
    }

    /**
     * One training step: forward, backward, then each variable's updater turns its gradient into the update, which
     * is subtracted, as SameDiff's training session does (no regularisation is configured). Returns the loss of each
     * head, the mean softmax cross-entropy over the batch (with the preset's label smoothing).
     */
    synchronized double[] step(INDArray images, INDArray[] labels, TrainingConfig cfg, Map<String, GradientUpdater> updaters) {
        List<GradientUpdater<?>> updater = new ArrayList<>(params.size());
        for (String name : paramNames) {
            GradientUpdater<?> u = updaters.get(name);
            if (u == null) {
                throw new IllegalStateException("no updater state for " + name);
            }
            updater.add(u);
        }
        double[] losses = backward(forwardAll(images), labels);
        int iteration = cfg.getIterationCount();
        int epoch = cfg.getEpochCount();
        for (int i = 0; i < params.size(); i++) {
            INDArray g = grads.get(i);
            updater.get(i).applyUpdater(g, iteration, epoch);
            params.get(i).subi(g);
        }
        cfg.incrementIterationCount();
        stage("adam");
        return losses;
    }

    /** The gradients of the summed loss, by variable name (for tests; valid until the next step). */
    synchronized Map<String, INDArray> gradients(INDArray images, INDArray[] labels) {
        backward(forwardAll(images), labels);
        Map<String, INDArray> out = new LinkedHashMap<>();
        for (int i = 0; i < params.size(); i++) {
            out.put(paramNames.get(i), grads.get(i));
        }
        return out;
    }

    /** Whether the graph still holds the arrays this pass works on (SameDiff could have replaced one). */
    synchronized boolean current() {
        for (int i = 0; i < params.size(); i++) {
            if (sd.getArrForVarName(paramNames.get(i)) != params.get(i)) {
                return false;
            }
        }
        return true;
    }

    /** Images [B,H,W,3] as one contiguous float array (the array itself when it is one already). */
    private INDArray contiguous(INDArray images) {
        if (images.rank() != 4 || images.size(1) != spec.height() || images.size(2) != spec.width()
                || images.size(3) != NetworkSpec.CHANNELS) {
            throw new IllegalArgumentException("expected images [B," + spec.height() + "," + spec.width() + ",3], got "
                    + java.util.Arrays.toString(images.shape()));
        }
        return dense(images.dataType() == DataType.FLOAT ? images : images.castTo(DataType.FLOAT));
    }

    /** The array itself when its buffer holds exactly its values in C order, else such a copy. */
    private static INDArray dense(INDArray a) {
        return a.isView() || a.ordering() != 'c' || a.data().length() != a.length() ? a.dup('c') : a;
    }

    /** The forward pass of a whole batch (for a training step). */
    private Buffers forwardAll(INDArray images) {
        return forward(contiguous(images), 0, Math.toIntExact(images.size(0)));
    }

    /** The forward pass of images {@code from .. from + count - 1} of a contiguous [B,H,W,3] array. */
    private Buffers forward(INDArray images, int from, int count) {
        startStages();
        Buffers b = buffers.computeIfAbsent(count, Buffers::new);
        b.writePatches(images, from);
        stage("patches");
        // layer 1: one product (the bias rides on the column of ones), pooled over consecutive rows
        kernel1.get(NDArrayIndex.interval(0, TAPS), NDArrayIndex.all()).assign(kernel[0].reshape(TAPS, filters[0]));
        kernel1.getRow(TAPS).assign(bias[0]);
        Nd4j.gemm(b.patches, kernel1, b.conv1, false, false, 1.0, 0.0);
        stage("conv1 product");
        b.maxRow0.run();
        b.maxRow1.run();
        b.maxCell.run();
        stage("pool1");
        // layers 2-4: oneDNN's convolutions and poolings on exactly the parts that are read
        for (int l = 1; l < LAYERS; l++) {
            b.convolve[l].run();
            stage(LAYER_STAGES[l][0]);
            b.pool[l].run();
            stage(LAYER_STAGES[l][1]);
            b.relu[l].run();
            stage(LAYER_STAGES[l][2]);
        }
        for (int i = 0; i < spec.length(); i++) {
            Nd4j.gemm(b.flat, headW[i], b.logits[i], false, false, 1.0, 0.0);
            b.logits[i].addiRowVector(headB[i]);
        }
        stage("heads");
        return b;
    }

    private double[] backward(Buffers b, INDArray[] labels) {
        int n = b.batch;
        int k = spec.classes();
        double smoothing = spec.preset().labelSmoothing();
        double[] losses = new double[spec.length()];
        // heads: softmax cross-entropy, mean over the batch, in Java (B x K values each)
        float[] p = new float[n * k];
        for (int i = 0; i < spec.length(); i++) {
            float[] logits = b.logits[i].data().asFloat();
            float[] y = dense(labels[i]).data().asFloat();
            double loss = 0;
            for (int r = 0; r < n; r++) {
                double logSum = softmax(logits, r * k, k, p);
                double targetSum = 0;
                for (int c = 0; c < k; c++) {
                    targetSum += y[r * k + c] * (1 - smoothing) + smoothing / k;
                }
                for (int c = 0; c < k; c++) {
                    double target = y[r * k + c] * (1 - smoothing) + smoothing / k;
                    loss -= target * (logits[r * k + c] - logSum);
                    // d loss / d logit = p * sum(target) - target (sum(target) is 1 for one-hot labels)
                    p[r * k + c] = (float) ((p[r * k + c] * targetSum - target) / n);
                }
            }
            losses[i] = loss / n;
            b.dLogits[i].data().setData(p);
            Nd4j.gemm(b.flat, b.dLogits[i], grads.get(2 * LAYERS + 2 * i), true, false, 1.0, 0.0);
            Nd4j.gemm(b.onesBatch, b.dLogits[i], grads.get(2 * LAYERS + 2 * i + 1).reshape(1, k), false, false, 1.0, 0.0);
            Nd4j.gemm(b.dLogits[i], headW[i], b.dFlat, false, true, 1.0, i == 0 ? 0.0 : 1.0);
        }
        stage("heads backward");
        // the two ReLUs after the last pooling are one (relu(relu(x)) = relu(x)), and so are their gradients
        for (int l = LAYERS - 1; l >= 1; l--) {
            b.reluBack[l].run();
            stage(LAYER_STAGES[l][3]);
            b.poolBack[l].run();
            stage(LAYER_STAGES[l][4]);
            b.convolveBack[l].run();
            stage(LAYER_STAGES[l][5]);
        }
        // layer 1: route each cell's gradient to the first position (in raster order) holding its maximum, as
        // SameDiff's pooling does, by strict comparisons: the later of two positions wins only if it is greater.
        // Written over the blocks of conv1 and the row maxima, which are not needed any more.
        INDArray[] y = b.blocks;
        INDArray g = b.dPooled1;
        y[1].subi(y[0]);
        Nd4j.exec(new Step(y[1], y[1], 0.0));          // 1 where position 1 beats 0 in the top row
        y[3].subi(y[2]);
        Nd4j.exec(new Step(y[3], y[3], 0.0));          // 1 where position 3 beats 2 in the bottom row
        b.rowMax1.subi(b.rowMax0);
        Nd4j.exec(new Step(b.rowMax1, b.rowMax1, 0.0)); // 1 where the bottom row beats the top row
        g.mul(b.rowMax1, b.rowMax0);                   // the gradient going to the bottom row
        g.sub(b.rowMax0, b.rowMax1);                   // ... and to the top row
        y[1].muli(b.rowMax1);
        b.rowMax1.sub(y[1], y[0]);
        y[3].muli(b.rowMax0);
        b.rowMax0.sub(y[3], y[2]);
        stage("pool1 backward");
        Nd4j.gemm(b.patches, b.conv1, kernel1Grad, true, false, 1.0, 0.0);
        grads.get(0).reshape(TAPS, filters[0]).assign(kernel1Grad.get(NDArrayIndex.interval(0, TAPS), NDArrayIndex.all()));
        grads.get(1).assign(kernel1Grad.getRow(TAPS));
        stage("conv1 gradient");
        return losses;
    }

    /** Row {@code off..off+k} of {@code logits} as probabilities into {@code p}; returns the log of the sum. */
    private static double softmax(float[] logits, int off, int k, float[] p) {
        return softmax(logits, off, k, p, off);
    }

    /** As {@link #softmax(float[], int, int, float[])}, writing to {@code p} from {@code pOff}. */
    private static double softmax(float[] logits, int off, int k, float[] p, int pOff) {
        double max = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < k; c++) {
            max = Math.max(max, logits[off + c]);
        }
        double sum = 0;
        for (int c = 0; c < k; c++) {
            sum += Math.exp(logits[off + c] - max);
        }
        for (int c = 0; c < k; c++) {
            p[pOff + c] = (float) (Math.exp(logits[off + c] - max) / sum);
        }
        return max + Math.log(sum);
    }

    private static void stage(String name) {
        if (PROFILE) {
            long now = System.nanoTime();
            stageNanos.computeIfAbsent(name, k -> new long[1])[0] += now - mark;
            mark = now;
        }
    }

    private static void startStages() {
        if (PROFILE) {
            mark = System.nanoTime();
        }
    }

    /** One native operation on fixed arrays, its context built once. */
    private static final class Call {
        private final CustomOp op;
        private final OpContext context;

        Call(String name, INDArray[] in, INDArray[] out, long[] iArgs, double... tArgs) {
            op = DynamicCustomOp.builder(name).build();
            context = Nd4j.getExecutioner().buildContext();
            context.setInputArrays(in);
            context.setOutputArrays(out);
            if (iArgs != null) {
                context.setIArguments(iArgs);
            }
            if (tArgs.length > 0) {
                context.setTArguments(tArgs);
            }
        }

        void run() {
            Nd4j.getExecutioner().exec(op, context);
        }

        void close() {
            try {
                context.close();
            } catch (Exception e) {
                // releasing a native context cannot fail in a way a caller could act on
            }
        }
    }

    /** Every array a batch of one size needs, allocated once, and the operations on them. */
    private final class Buffers {
        final int batch;
        /** Pooling cells of layer 1 (images x pooled rows x pooled columns). */
        final int cells;
        final float[] pixels;
        final float[] patchRow;
        /**
         * [4 * cells, 28]: row (dy, dx, n, ph, pw) holds the 3x3x3 patch at (2ph+dy, 2pw+dx), columns (ky, kx, c), then
         * a 1 for the bias: four blocks of rows, one per position of the pooling cells, each in NHWC order of the cells.
         */
        final INDArray patches;
        /** [4 * cells, F1] = patches x kernel; in the backward pass, the gradient routed to each position. */
        final INDArray conv1;
        /** conv1's four blocks [cells, F1], one per position of the pooling cells (dy, dx) in raster order. */
        final INDArray[] blocks = new INDArray[4];
        /** The maximum of each cell's top and bottom row [cells, F1]. */
        final INDArray rowMax0;
        final INDArray rowMax1;
        /** Layer 1's output [B, ph, pw, F1]: the second layer's input. */
        final INDArray act1;
        final INDArray dPooled1;
        final INDArray onesBatch;

        final INDArray flat;
        final INDArray[] logits;
        final INDArray[] dLogits;
        final INDArray dFlat;
        final Call maxRow0;
        final Call maxRow1;
        final Call maxCell;
        final Call[] convolve = new Call[LAYERS];
        final Call[] pool = new Call[LAYERS];
        final Call[] relu = new Call[LAYERS];
        final Call[] reluBack = new Call[LAYERS];
        final Call[] poolBack = new Call[LAYERS];
        final Call[] convolveBack = new Call[LAYERS];

        /** The arrays and native contexts this size owns, released together by {@link #close}. */
        private final List<INDArray> owned = new ArrayList<>();
        private final List<Call> calls = new ArrayList<>();

        private INDArray own(INDArray array) {
            owned.add(array);
            return array;
        }

        private Call call(String name, INDArray[] in, INDArray[] out, long[] iArgs, double... tArgs) {
            Call c = new Call(name, in, out, iArgs, tArgs);
            calls.add(c);
            return c;
        }

        /** Releases the native memory now; the buffers must not be used afterwards. */
        void close() {
            calls.forEach(Call::close);
            for (INDArray a : owned) {
                if (a.closeable()) {
                    a.close();
                }
            }
        }

        Buffers(int batch) {
            this.batch = batch;
            int f1 = filters[0];
            cells = batch * pooledH[0] * pooledW[0];
            pixels = new float[batch * spec.height() * spec.width() * NetworkSpec.CHANNELS];
            patchRow = new float[pooledW[0] * PATCH];
            patches = own(Nd4j.createUninitialized(DataType.FLOAT, cells * 4L, PATCH));
            conv1 = own(Nd4j.createUninitialized(DataType.FLOAT, cells * 4L, f1));
            for (int k = 0; k < 4; k++) {
                blocks[k] = conv1.get(NDArrayIndex.interval((long) k * cells, (long) (k + 1) * cells), NDArrayIndex.all());
            }
            rowMax0 = own(Nd4j.createUninitialized(DataType.FLOAT, cells, f1));
            rowMax1 = own(Nd4j.createUninitialized(DataType.FLOAT, cells, f1));
            INDArray pooled = own(Nd4j.createUninitialized(DataType.FLOAT, cells, f1));
            act1 = pooled.reshape(batch, pooledH[0], pooledW[0], f1);
            maxRow0 = call("maximum", new INDArray[] {blocks[0], blocks[1]}, new INDArray[] {rowMax0}, null);
            maxRow1 = call("maximum", new INDArray[] {blocks[2], blocks[3]}, new INDArray[] {rowMax1}, null);
            maxCell = call("maximum", new INDArray[] {rowMax0, rowMax1}, new INDArray[] {pooled}, null);
            onesBatch = own(Nd4j.ones(DataType.FLOAT, 1, batch));
            INDArray in = act1;
            INDArray dIn = own(Nd4j.createUninitialized(DataType.FLOAT, batch, pooledH[0], pooledW[0], f1));
            dPooled1 = dIn.reshape(cells, f1);
            INDArray last = null;
            dFlat = own(Nd4j.createUninitialized(DataType.FLOAT, batch, features));
            for (int l = 1; l < LAYERS; l++) {
                int f = filters[l];
                long[] convShape = {batch, 2L * pooledH[l], 2L * pooledW[l], f};
                long[] poolShape = {batch, pooledH[l], pooledW[l], f};
                INDArray conv = own(Nd4j.createUninitialized(DataType.FLOAT, convShape));
                INDArray dConv = own(Nd4j.createUninitialized(DataType.FLOAT, convShape));
                INDArray pooledL = own(Nd4j.createUninitialized(DataType.FLOAT, poolShape));
                INDArray dPooled = own(Nd4j.createUninitialized(DataType.FLOAT, poolShape));
                INDArray act = own(Nd4j.createUninitialized(DataType.FLOAT, poolShape));
                INDArray dAct = l == LAYERS - 1 ? dFlat.reshape(poolShape)
                        : own(Nd4j.createUninitialized(DataType.FLOAT, poolShape));
                convolve[l] = call("conv2d", new INDArray[] {in, kernel[l], bias[l]}, new INDArray[] {conv}, CONV);
                pool[l] = call("maxpool2d", new INDArray[] {conv}, new INDArray[] {pooledL}, POOL);
                relu[l] = call("relu", new INDArray[] {pooledL}, new INDArray[] {act}, null, 0.0);
                reluBack[l] = call("relu_bp", new INDArray[] {pooledL, dAct}, new INDArray[] {dPooled}, null, 0.0);
                poolBack[l] = call("maxpool2d_bp", new INDArray[] {conv, dPooled}, new INDArray[] {dConv}, POOL);
                convolveBack[l] = call("conv2d_bp", new INDArray[] {in, kernel[l], bias[l], dConv},
                        new INDArray[] {dIn, grads.get(2 * l), grads.get(2 * l + 1)}, CONV);
                in = act;
                dIn = dAct;
                last = act;
            }
            flat = last.reshape(batch, features);
            logits = new INDArray[spec.length()];
            dLogits = new INDArray[spec.length()];
            for (int i = 0; i < logits.length; i++) {
                logits[i] = own(Nd4j.createUninitialized(DataType.FLOAT, batch, spec.classes()));
                dLogits[i] = own(Nd4j.createUninitialized(DataType.FLOAT, batch, spec.classes()));
            }
        }

        /**
         * Fills {@link #patches} from images [B,H,W,3]. (Writing on two threads measured no faster within a step: the
         * other core is busy with ND4J's threads.)
         */
        void writePatches(INDArray images, int from) {
            images.data().asNioFloat().get(from * (pixels.length / batch), pixels);
            writePatches(patches.data().asNioFloat());
        }

        private void writePatches(FloatBuffer out) {
            int h = spec.height();
            int w = spec.width();
            int ph = pooledH[0];
            int pw = pooledW[0];
            float[] px = pixels;
            float[] row = patchRow;
            for (int n = 0; n < batch; n++) {
                for (int py = 0; py < ph; py++) {
                    int firstCell = (n * ph + py) * pw;
                    for (int dy = 0; dy < 2; dy++) {
                        int top = ((n * h + 2 * py + dy) * w) * 3;
                        for (int dx = 0; dx < 2; dx++) {
                            int k = 0;
                            for (int qx = 0; qx < pw; qx++) {
                                int src = top + (2 * qx + dx) * 3;
                                for (int ky = 0; ky < 3; ky++) {
                                    // measured faster than a loop of nine assignments, unrolled or not
                                    System.arraycopy(px, src + ky * w * 3, row, k, 9);
                                    k += 9;
                                }
                                row[k++] = 1f;
                            }
                            out.put(((dy * 2 + dx) * cells + firstCell) * PATCH, row, 0, k);
                        }
                    }
                }
            }
        }
    }
}
