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
import org.nd4j.linalg.api.ops.impl.broadcast.BroadcastMulOp;
import org.nd4j.linalg.api.ops.impl.layers.convolution.Conv2D;
import org.nd4j.linalg.api.ops.impl.layers.convolution.MaxPooling2D;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.PaddingMode;
import org.nd4j.linalg.api.ops.impl.scalar.ScalarReverseSubtraction;
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
 * a 28th of ones for the bias, a 29th marking repeats), one row per output position, ordered so that the four
 * positions each 2x2 pooling cell takes its maximum over are consecutive rows: the product, seen as a batch of 2x2
 * images, pools with {@code maxpool2d} straight into the NHWC layout the second convolution reads. oneDNN's own
 * first convolution (3 input channels) ran several times slower than the product, and its backward pass also
 * computed the image's gradient, which nothing uses.</li>
 * <li><b>The first pooling's gradient is routed by comparison</b>: each cell's gradient goes to the position whose
 * value equals the cell's maximum, in four elementwise passes, and the kernel's gradient is one more matrix
 * product; oneDNN's {@code maxpool2d_bp} took longer than both.</li>
 * <li><b>Every array is allocated once per batch size and reused</b>, and each operation's native context is built
 * once for them, so a step neither zero-fills nor faults in fresh memory, nor redoes the Java work around each
 * operation.</li>
 * </ul>
 *
 * <p>Ties: two positions of a cell hold the same maximum when their patches are identical (flat background). For
 * training, a patch that repeats an earlier one of its cell is marked in the 29th column, whose kernel weight is
 * {@value #REPEAT_WEIGHT}, so it never holds the maximum (the earlier copy holds the same value) and the gradient goes
 * to one copy, as with a single winner; prediction does not mark them, which changes no maximum. Distinct patches
 * whose values tie to the last bit would each get the gradient; the tests have never met one.
 *
 * <p>Not thread-safe, like the network it belongs to.
 */
final class SeedPass {

    /** The ops of the seed trunk, in graph order, as {@link NetworkGraphs} builds it. */
    private static final List<String> TRUNK_OPS = List.of("conv2d", "maxpool2d", "conv2d", "maxpool2d", "relu",
            "conv2d", "maxpool2d", "relu", "conv2d", "maxpool2d", "relu", "reshape", "relu");
    private static final int LAYERS = 4;
    /** Patch columns: 3x3 positions x 3 channels, a column of ones for the bias, and a repeat mark (see below). */
    private static final int PATCH = 29;
    private static final int TAPS = 9 * NetworkSpec.CHANNELS;
    /**
     * The first kernel's weight on the repeat mark: a patch that repeats an earlier one of its pooling cell reads so
     * much lower that it never holds the cell's maximum (the earlier copy holds the same value), so the gradient goes
     * to one copy only, as it would with a single winner.
     */
    private static final float REPEAT_WEIGHT = -1e20f;
    /** conv2d integer arguments: 3x3 kernel, stride 1, no padding, dilation 1, valid, NHWC, kernel [kH,kW,in,out]. */
    private static final long[] CONV = {3, 3, 1, 1, 0, 0, 1, 1, 0, 1, 0};
    /** maxpool2d integer arguments: 2x2 window, stride 2, no padding, valid, NHWC. */
    private static final long[] POOL = {2, 2, 2, 2, 0, 0, 1, 1, 0, 0, 1};
    /** Batch sizes whose arrays are kept (the training batch and the last, shorter one; the prediction batch). */
    private static final int KEPT_SIZES = 3;
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
    /** The first kernel as one matrix [29, F1]: its 27 rows, the bias, the repeat weight; and its gradient. */
    private final INDArray kernel1;
    private final INDArray kernel1Grad;
    private final Map<Integer, Buffers> buffers = new LinkedHashMap<>(4, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Integer, Buffers> eldest) {
            return size() > KEPT_SIZES;
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
        kernel1.getRow(TAPS + 1).assign(REPEAT_WEIGHT);
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

    /** Per position, the softmax probabilities [B,K] for a batch of images [B,H,W,3]. */
    INDArray[] probabilities(INDArray images) {
        Buffers b = forward(images, false);
        INDArray[] out = new INDArray[spec.length()];
        int n = b.batch;
        int k = spec.classes();
        for (int i = 0; i < out.length; i++) {
            float[] logits = b.logits[i].data().asFloat();
            float[] p = new float[n * k];
            for (int r = 0; r < n; r++) {
                softmax(logits, r * k, k, p);
            }
            out[i] = Nd4j.create(p, new long[] {n, k}, DataType.FLOAT);
        }
        return out;
    }

    /**
     * One training step: forward, backward, then each variable's updater turns its gradient into the update, which
     * is subtracted, as SameDiff's training session does (no regularisation is configured). Returns the loss of each
     * head, the mean softmax cross-entropy over the batch (with the preset's label smoothing).
     */
    double[] step(INDArray images, INDArray[] labels, TrainingConfig cfg, Map<String, GradientUpdater> updaters) {
        Buffers b = forward(images, true);
        double[] losses = backward(b, labels);
        int iteration = cfg.getIterationCount();
        int epoch = cfg.getEpochCount();
        for (int i = 0; i < params.size(); i++) {
            GradientUpdater<?> u = updaters.get(paramNames.get(i));
            if (u == null) {
                throw new IllegalStateException("no updater state for " + paramNames.get(i));
            }
            INDArray g = grads.get(i);
            u.applyUpdater(g, iteration, epoch);
            params.get(i).subi(g);
        }
        cfg.incrementIterationCount();
        stage("adam");
        return losses;
    }

    /** The gradients of the summed loss, by variable name (for tests; valid until the next step). */
    Map<String, INDArray> gradients(INDArray images, INDArray[] labels) {
        backward(forward(images, true), labels);
        Map<String, INDArray> out = new LinkedHashMap<>();
        for (int i = 0; i < params.size(); i++) {
            out.put(paramNames.get(i), grads.get(i));
        }
        return out;
    }

    /** Whether the graph still holds the arrays this pass works on (SameDiff could have replaced one). */
    boolean current() {
        for (int i = 0; i < params.size(); i++) {
            if (sd.getArrForVarName(paramNames.get(i)) != params.get(i)) {
                return false;
            }
        }
        return true;
    }

    /** The forward pass; {@code training} marks repeated patches, which only the gradient needs. */
    private Buffers forward(INDArray images, boolean training) {
        if (images.rank() != 4 || images.size(1) != spec.height() || images.size(2) != spec.width()
                || images.size(3) != NetworkSpec.CHANNELS) {
            throw new IllegalArgumentException("expected images [B," + spec.height() + "," + spec.width() + ",3], got "
                    + java.util.Arrays.toString(images.shape()));
        }
        startStages();
        Buffers b = buffers.computeIfAbsent(Math.toIntExact(images.size(0)), Buffers::new);
        b.writePatches(images, training);
        stage("patches");
        // layer 1: one product (the bias rides on the column of ones), pooled over consecutive rows
        kernel1.get(NDArrayIndex.interval(0, TAPS), NDArrayIndex.all()).assign(kernel[0].reshape(TAPS, filters[0]));
        kernel1.getRow(TAPS).assign(bias[0]);
        Nd4j.gemm(b.patches, kernel1, b.conv1, false, false, 1.0, 0.0);
        stage("conv1 product");
        b.pool1.run();
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
            INDArray yi = labels[i];
            float[] y = (yi.isView() || yi.ordering() != 'c' ? yi.dup('c') : yi).data().asFloat();
            double loss = 0;
            for (int r = 0; r < n; r++) {
                double logSum = softmax(logits, r * k, k, p);
                for (int c = 0; c < k; c++) {
                    double target = y[r * k + c] * (1 - smoothing) + smoothing / k;
                    loss -= target * (logits[r * k + c] - logSum);
                    p[r * k + c] = (float) ((p[r * k + c] - target) / n);
                }
            }
            losses[i] = loss / n;
            b.dLogits[i].data().setData(p);
            Nd4j.gemm(b.flat, b.dLogits[i], grads.get(8 + 2 * i), true, false, 1.0, 0.0);
            Nd4j.gemm(b.onesBatch, b.dLogits[i], grads.get(9 + 2 * i).reshape(1, k), false, false, 1.0, 0.0);
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
        // layer 1: route each pooled cell's gradient to the position holding its maximum, in conv1's own buffer
        b.maxMinusValue.run();                                                 // 0 at the maximum, > 0 elsewhere
        Nd4j.exec(new Step(b.conv1Cells3, b.conv1Cells3, 0.0));                // 0 at the maximum, 1 elsewhere
        Nd4j.exec(new ScalarReverseSubtraction(b.conv1Cells3, 1.0));           // 1 at the maximum, 0 elsewhere
        Nd4j.exec(new BroadcastMulOp(b.conv1Cells3, b.dPooled1, b.conv1Cells3, 0, 2)); // the cell's gradient there
        stage("pool1 backward");
        Nd4j.gemm(b.patches, b.conv1, kernel1Grad, true, false, 1.0, 0.0);
        grads.get(0).reshape(TAPS, filters[0]).assign(kernel1Grad.get(NDArrayIndex.interval(0, TAPS), NDArrayIndex.all()));
        grads.get(1).assign(kernel1Grad.getRow(TAPS));
        stage("conv1 gradient");
        return losses;
    }

    /** Whether the patch at {@code patch} in {@code row} equals one of its cell's patches before it. */
    private static boolean repeats(float[] row, int cell, int patch) {
        for (int earlier = cell; earlier < patch; earlier += PATCH) {
            // most patches differ in their first value already
            if (row[earlier] == row[patch] && java.util.Arrays.equals(row, earlier, earlier + TAPS, row, patch, patch + TAPS)) {
                return true;
            }
        }
        return false;
    }

    /** Row {@code off..off+k} of {@code logits} as probabilities into {@code p}; returns the log of the sum. */
    private static double softmax(float[] logits, int off, int k, float[] p) {
        double max = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < k; c++) {
            max = Math.max(max, logits[off + c]);
        }
        double sum = 0;
        for (int c = 0; c < k; c++) {
            sum += Math.exp(logits[off + c] - max);
        }
        for (int c = 0; c < k; c++) {
            p[off + c] = (float) (Math.exp(logits[off + c] - max) / sum);
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
    }

    /** Every array a batch of one size needs, allocated once, and the operations on them. */
    private final class Buffers {
        final int batch;
        /** Pooling cells of layer 1 (images x pooled rows x pooled columns). */
        final int cells;
        final float[] pixels;
        final float[] patchRow;
        /**
         * [cells * 4, 28]: row (n, ph, pw, dy, dx) holds the 3x3x3 patch at (2ph+dy, 2pw+dx), columns (ky, kx, c),
         * then a 1 for the bias.
         */
        final INDArray patches;
        /** [cells * 4, F1] = patches x kernel; in the backward pass, the gradient routed to each position. */
        final INDArray conv1;
        final INDArray conv1Cells3;
        /** Layer 1's output [B, ph, pw, F1]: the second layer's input. */
        final INDArray act1;
        final INDArray dPooled1;
        final INDArray onesBatch;
        final INDArray flat;
        final INDArray[] logits;
        final INDArray[] dLogits;
        final INDArray dFlat;
        final Call pool1;
        final Call maxMinusValue;
        final Call[] convolve = new Call[LAYERS];
        final Call[] pool = new Call[LAYERS];
        final Call[] relu = new Call[LAYERS];
        final Call[] reluBack = new Call[LAYERS];
        final Call[] poolBack = new Call[LAYERS];
        final Call[] convolveBack = new Call[LAYERS];

        Buffers(int batch) {
            this.batch = batch;
            int f1 = filters[0];
            cells = batch * pooledH[0] * pooledW[0];
            pixels = new float[batch * spec.height() * spec.width() * NetworkSpec.CHANNELS];
            patchRow = new float[pooledW[0] * 4 * PATCH];
            patches = Nd4j.createUninitialized(DataType.FLOAT, cells * 4L, PATCH);
            conv1 = Nd4j.createUninitialized(DataType.FLOAT, cells * 4L, f1);
            conv1Cells3 = conv1.reshape(cells, 4, f1);
            INDArray pooled = Nd4j.createUninitialized(DataType.FLOAT, cells, 1, 1, f1);
            act1 = pooled.reshape(batch, pooledH[0], pooledW[0], f1);
            pool1 = new Call("maxpool2d", new INDArray[] {conv1.reshape(cells, 2, 2, f1)}, new INDArray[] {pooled}, POOL);
            maxMinusValue = new Call("subtract", new INDArray[] {pooled.reshape(cells, 1, f1), conv1Cells3},
                    new INDArray[] {conv1Cells3}, null);
            onesBatch = Nd4j.ones(DataType.FLOAT, 1, batch);
            INDArray in = act1;
            INDArray dIn = Nd4j.createUninitialized(DataType.FLOAT, batch, pooledH[0], pooledW[0], f1);
            dPooled1 = dIn.reshape(cells, f1);
            INDArray last = null;
            dFlat = Nd4j.createUninitialized(DataType.FLOAT, batch, features);
            for (int l = 1; l < LAYERS; l++) {
                int f = filters[l];
                long[] convShape = {batch, 2L * pooledH[l], 2L * pooledW[l], f};
                long[] poolShape = {batch, pooledH[l], pooledW[l], f};
                INDArray conv = Nd4j.createUninitialized(DataType.FLOAT, convShape);
                INDArray dConv = Nd4j.createUninitialized(DataType.FLOAT, convShape);
                INDArray pooledL = Nd4j.createUninitialized(DataType.FLOAT, poolShape);
                INDArray dPooled = Nd4j.createUninitialized(DataType.FLOAT, poolShape);
                INDArray act = Nd4j.createUninitialized(DataType.FLOAT, poolShape);
                INDArray dAct = l == LAYERS - 1 ? dFlat.reshape(poolShape)
                        : Nd4j.createUninitialized(DataType.FLOAT, poolShape);
                convolve[l] = new Call("conv2d", new INDArray[] {in, kernel[l], bias[l]}, new INDArray[] {conv}, CONV);
                pool[l] = new Call("maxpool2d", new INDArray[] {conv}, new INDArray[] {pooledL}, POOL);
                relu[l] = new Call("relu", new INDArray[] {pooledL}, new INDArray[] {act}, null, 0.0);
                reluBack[l] = new Call("relu_bp", new INDArray[] {pooledL, dAct}, new INDArray[] {dPooled}, null, 0.0);
                poolBack[l] = new Call("maxpool2d_bp", new INDArray[] {conv, dPooled}, new INDArray[] {dConv}, POOL);
                convolveBack[l] = new Call("conv2d_bp", new INDArray[] {in, kernel[l], bias[l], dConv},
                        new INDArray[] {dIn, grads.get(2 * l), grads.get(2 * l + 1)}, CONV);
                in = act;
                dIn = dAct;
                last = act;
            }
            flat = last.reshape(batch, features);
            logits = new INDArray[spec.length()];
            dLogits = new INDArray[spec.length()];
            for (int i = 0; i < logits.length; i++) {
                logits[i] = Nd4j.createUninitialized(DataType.FLOAT, batch, spec.classes());
                dLogits[i] = Nd4j.createUninitialized(DataType.FLOAT, batch, spec.classes());
            }
        }

        /**
         * Fills {@link #patches} from images [B,H,W,3]; marks the patches that repeat an earlier one of their pooling
         * cell when {@code markRepeats}. (Writing on two threads measured no faster within a step: the other core is
         * busy with ND4J's threads.)
         */
        void writePatches(INDArray images, boolean markRepeats) {
            INDArray x = images;
            if (x.dataType() != DataType.FLOAT) {
                x = x.castTo(DataType.FLOAT);
            }
            if (x.isView() || x.ordering() != 'c' || x.data().length() != x.length()) {
                x = x.dup('c');
            }
            x.data().asNioFloat().get(0, pixels);
            writePatches(patches.data().asNioFloat(), markRepeats);
        }

        private void writePatches(FloatBuffer out, boolean markRepeats) {
            int h = spec.height();
            int w = spec.width();
            int ph = pooledH[0];
            int pw = pooledW[0];
            float[] px = pixels;
            float[] row = patchRow;
            int pos = 0;
            for (int n = 0; n < batch; n++) {
                for (int py = 0; py < ph; py++) {
                    int k = 0;
                    for (int qx = 0; qx < pw; qx++) {
                        int cell = k;
                        for (int dy = 0; dy < 2; dy++) {
                            int top = ((n * h + 2 * py + dy) * w + 2 * qx) * 3;
                            for (int dx = 0; dx < 2; dx++) {
                                int patch = k;
                                for (int ky = 0; ky < 3; ky++) {
                                    // measured faster than a loop of nine assignments, unrolled or not
                                    System.arraycopy(px, top + dx * 3 + ky * w * 3, row, k, 9);
                                    k += 9;
                                }
                                row[k++] = 1f;
                                row[k++] = markRepeats && repeats(row, cell, patch) ? 1f : 0f;
                            }
                        }
                    }
                    out.put(pos, row, 0, k);
                    pos += k;
                }
            }
        }
    }
}
