package org.captchalab.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.nd4j.autodiff.samediff.SDIndex;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.PaddingMode;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Pooling2DConfig;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Builds layers into a SameDiff graph in NHWC layout, tracking the current activation shape and a summary of
 * each layer.
 *
 * <p>Why NHWC: with the oneDNN natives, SameDiff's NHWC conv2d/maxPooling2d are several times faster than
 * NCHW (measured, see notes/dl4j-speed.md). Weights use SameDiff's default YXIO layout [kH, kW, in, out].
 *
 * <p>Weights are drawn from a {@link java.util.Random} with the network's seed, not ND4J's native RNG, so
 * the same seed gives the same network on every backend and thread count.
 */
final class GraphLayers {

    private final SameDiff sd;
    private final Random random;
    private final List<LayerSummary> layers = new ArrayList<>();
    private int h;
    private int w;
    private int c;
    private int counter;
    /** The inference pass: reuses the training pass's variables, names its outputs {@code inf_...}, records no layers. */
    private final boolean inference;
    private final int height;
    private final int width;
    private final int channels;
    static final double BN_EPSILON = 1e-5;
    static final String INFERENCE_PREFIX = "inf_";
    /**
     * The width of the attention score convolution (its height is 3). Wider than the trunk's 3x3 so that a cell's
     * score sees the characters beside it, which is how the second head tells the second character from the
     * third: on 2,400 QQ-style images for 12 epochs, 3x7 reached 12.3% and 12.7% validation (seeds 1234 and 99,
     * middle positions 45-49%) against 10.3% for 3x3 (seed 1234, middle 33-37%) and 10.3% for 3x5 (seed 99, middle
     * 40-41%); 3x11 trained much slower (0.7%).
     */
    static final int ATTENTION_SCORE_WIDTH = 7;
    /** The attention layer's name is this plus its number in the graph (e.g. {@code attend16}). */
    static final String ATTENTION_LAYER = "attend";
    /** A batch normalisation's name is this plus its number in the graph (e.g. {@code bn3}). */
    static final String NORMALISATION_LAYER = "bn";
    /** Suffix of the attention weights [B, cells, N] (prefixed {@link #INFERENCE_PREFIX} on the inference path). */
    static final String ATTENTION_WEIGHTS = "_weights";
    /** Suffix of the learned prior [1, rows, columns, N] over the cells; its shape gives the grid. */
    static final String ATTENTION_PRIOR = "_prior";

    GraphLayers(SameDiff sd, long seed, int height, int width, int channels) {
        this(sd, new Random(seed), height, width, channels, false);
    }

    private GraphLayers(SameDiff sd, Random random, int height, int width, int channels, boolean inference) {
        this.sd = sd;
        this.random = random;
        this.height = height;
        this.width = width;
        this.channels = channels;
        this.h = height;
        this.w = width;
        this.c = channels;
        this.inference = inference;
    }

    /**
     * A second pass over the same graph for inference: calling the same layer methods in the same order builds
     * a path that shares every weight with this one but normalises with population statistics and skips
     * dropout. Networks whose layers behave the same in training and inference need no second pass.
     */
    GraphLayers inferencePass() {
        return new GraphLayers(sd, random, height, width, channels, true);
    }

    private String out(String name) {
        return inference ? INFERENCE_PREFIX + name : name;
    }

    private SDVariable param(String name, INDArray init) {
        return inference ? sd.getVariable(name) : sd.var(name, init);
    }

    private void record(LayerSummary layer) {
        if (!inference) {
            layers.add(layer);
        }
    }

    List<LayerSummary> layers() {
        return layers;
    }

    int features() {
        return h * w * c;
    }

    void input(SDVariable in) {
        layers.add(new LayerSummary(in.name(), "Input", shape(), 0));
    }

    SDVariable conv(SDVariable x, int filters, boolean samePadding) {
        String name = "conv" + (++counter);
        double std = Math.sqrt(2.0 / (9.0 * c));
        SDVariable wv = param(name + "_W", inference ? null : gaussian(std, 3, 3, c, filters));
        SDVariable bv = param(name + "_b", Nd4j.zeros(DataType.FLOAT, filters));
        Conv2DConfig cfg = Conv2DConfig.builder().kH(3).kW(3).sH(1).sW(1)
                .paddingMode(samePadding ? PaddingMode.SAME : PaddingMode.VALID).dataFormat("NHWC").build();
        SDVariable out = sd.cnn.conv2d(out(name), x, wv, bv, cfg);
        if (!samePadding) {
            h -= 2;
            w -= 2;
        }
        c = filters;
        checkPositive(name);
        record(new LayerSummary(name, "Conv 3x3 " + (samePadding ? "same" : "valid"), shape(), 9L * wv.getShape()[2] * filters + filters));
        return out;
    }

    SDVariable maxPool(SDVariable x) {
        String name = "pool" + (++counter);
        Pooling2DConfig cfg = Pooling2DConfig.builder().kH(2).kW(2).sH(2).sW(2)
                .paddingMode(PaddingMode.VALID).isNHWC(true).build();
        SDVariable out = sd.cnn.maxPooling2d(out(name), x, cfg);
        h /= 2;
        w /= 2;
        checkPositive(name);
        record(new LayerSummary(name, "MaxPool 2x2", shape(), 0));
        return out;
    }

    SDVariable relu(SDVariable x) {
        String name = "relu" + (++counter);
        record(new LayerSummary(name, "ReLU", currentShapeLabel(), 0));
        return sd.nn.relu(out(name), x, 0.0);
    }

    SDVariable flatten(SDVariable x) {
        String name = "flatten" + (++counter);
        SDVariable out = x.reshape(-1, features());
        record(new LayerSummary(name, "Flatten", String.valueOf(features()), 0));
        return out;
    }

    /**
     * Batch normalisation of an NHWC activation, per channel over batch, height and width, with a learned scale
     * ({@code <name>_gamma}) and shift ({@code <name>_beta}). The training pass normalises with the minibatch's
     * own mean and variance, which it also names as outputs ({@code <name>_batch_mean}, {@code <name>_batch_var});
     * the inference pass with the population statistics held in the constants {@code <name>_pop_mean} and
     * {@code <name>_pop_var}, which {@link CaptchaNetwork#calibrateNormalisation} sets from training images.
     *
     * <p>Why written out: SameDiff's own batchNorm op cannot be differentiated in 1.0.0-M2.1 (see
     * BatchNormProbe). Why the sums are matrix products with a column of ones: summing the rows of an [n, c]
     * matrix, and the backward pass of broadcasting a [1, c] row over it, run as column reductions in ND4J,
     * several times slower than the same sums done as GEMMs (measured, see docs/model.md).
     */
    SDVariable batchNorm(SDVariable x) {
        String name = NORMALISATION_LAYER + (++counter);
        SDVariable gamma = param(name + "_gamma", Nd4j.ones(DataType.FLOAT, 1, c));
        SDVariable beta = param(name + "_beta", Nd4j.zeros(DataType.FLOAT, 1, c));
        SDVariable out;
        if (inference) {
            SDVariable scale = sd.math.rsqrt(sd.getVariable(name + NetworkGraphs.POP_VAR).add(BN_EPSILON)).mul(gamma);
            SDVariable shift = beta.sub(sd.getVariable(name + NetworkGraphs.POP_MEAN).mul(scale));
            out = x.mul(scale.reshape(1, 1, 1, c)).add(out(name), shift.reshape(1, 1, 1, c));
        } else {
            sd.constant(name + NetworkGraphs.POP_MEAN, Nd4j.zeros(DataType.FLOAT, 1, c));
            sd.constant(name + NetworkGraphs.POP_VAR, Nd4j.ones(DataType.FLOAT, 1, c));
            SDVariable x2 = x.reshape(-1, c);
            SDVariable rows = sd.sizeAt(x2, 0);
            SDVariable onesShape = sd.concat(0, rows.reshape(1), sd.constant(Nd4j.createFromArray(1L)));
            SDVariable ones = sd.fill(onesShape, DataType.FLOAT, 1.0);
            SDVariable n = rows.castTo(DataType.FLOAT);
            SDVariable mean = sd.mmul(ones, x2, true, false, false).div(name + NetworkGraphs.BATCH_MEAN, n);
            SDVariable meanSquare = sd.mmul(ones, x2.mul(x2), true, false, false).div(n);
            // E[x^2] - E[x]^2 can come out a hair below zero in float arithmetic
            SDVariable var = sd.nn.relu(name + NetworkGraphs.BATCH_VAR, meanSquare.sub(mean.mul(mean)), 0.0);
            SDVariable scale = sd.math.rsqrt(var.add(BN_EPSILON)).mul(gamma);
            SDVariable shift = beta.sub(mean.mul(scale));
            out = sd.reshape(name, x2.mul(ones.mmul(scale)).add(ones.mmul(shift)), sd.shape(x));
        }
        record(new LayerSummary(name, "BatchNorm", currentShapeLabel(), 2L * c));
        return out;
    }

    /**
     * Attention pooling, one read per position, of an NHWC feature map [B,h,w,c]: position {@code p} scores every
     * cell with a 3x{@value #ATTENTION_SCORE_WIDTH} convolution over the features (output channel {@code p}) plus a
     * learned prior for that cell ({@code attend<k>_prior}, [1,h,w,N]), turns the scores into weights with a
     * softmax over the h*w cells, and returns the weighted average of the cells' features. The result is [B, N*c]: position {@code p}'s average
     * in columns {@code p*c .. p*c+c-1} (see {@link #positionFeatures}).
     *
     * <p>The prior starts as a bump over the p-th of N equal slices of the width, so that each position first
     * looks roughly where its character usually is; training moves it.
     */
    SDVariable attentionPool(SDVariable fmap, int positions) {
        String name = ATTENTION_LAYER + (++counter);
        int cells = h * w;
        int kw = ATTENTION_SCORE_WIDTH;
        double std = Math.sqrt(1.0 / (3.0 * kw * c));
        SDVariable wv = param(name + "_W", inference ? null : gaussian(std, 3, kw, c, positions));
        SDVariable bv = param(name + "_b", Nd4j.zeros(DataType.FLOAT, positions));
        SDVariable prior = param(name + ATTENTION_PRIOR, inference ? null : widthPrior(positions));
        Conv2DConfig cfg = Conv2DConfig.builder().kH(3).kW(kw).sH(1).sW(1)
                .paddingMode(PaddingMode.SAME).dataFormat("NHWC").build();
        SDVariable scores = sd.cnn.conv2d(out(name + "_scores"), fmap, wv, bv, cfg).add(prior);
        SDVariable weights = sd.nn.softmax(out(name + ATTENTION_WEIGHTS), scores.reshape(-1, cells, positions), 1);
        SDVariable cellsByFeature = fmap.reshape(-1, cells, c);
        // [B, cells, N]^T x [B, cells, c] = [B, N, c]
        SDVariable pooled = sd.mmul(weights, cellsByFeature, true, false, false);
        h = 1;
        w = positions;
        record(new LayerSummary(name, "Attention (" + cells + " cells)",
                positions + "x" + c, 3L * kw * c * positions + positions + (long) cells * positions));
        return sd.reshape(out(name), pooled, -1, features());
    }

    /** Position {@code p}'s part [B,c] of an {@link #attentionPool} result [B, N*c] (or of its dropout). */
    SDVariable positionFeatures(SDVariable pooled, int p) {
        return pooled.reshape(-1, w, c).get(SDIndex.all(), SDIndex.point(p), SDIndex.all());
    }

    /** Channels of the current activation (the feature size of one position after {@link #attentionPool}). */
    int channels() {
        return c;
    }

    private INDArray widthPrior(int positions) {
        float[] data = new float[h * w * positions];
        double slice = w / (double) positions;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                for (int p = 0; p < positions; p++) {
                    double d = (x + 0.5 - (p + 0.5) * slice) / slice;
                    data[(y * w + x) * positions + p] = (float) (-d * d);
                }
            }
        }
        return Nd4j.create(data, new long[] {1, h, w, positions}, DataType.FLOAT);
    }

    /** Multiplies by a {@code drop_mask} placeholder (the trainer feeds a scaled Bernoulli mask); the inference pass has no dropout. */
    SDVariable dropout(SDVariable x, String maskName, double keep) {
        if (inference) {
            return x;
        }
        SDVariable mask = sd.placeHolder(maskName, DataType.FLOAT, -1, features());
        layers.add(new LayerSummary(maskName, "Dropout (keep " + keep + ")", String.valueOf(features()), 0));
        return x.mul(mask);
    }

    SDVariable denseLogits(SDVariable x, String name, int in, int out) {
        double std = Math.sqrt(1.0 / in);
        SDVariable wv = param(name + "_W", inference ? null : gaussian(std, in, out));
        SDVariable bv = param(name + "_b", Nd4j.zeros(DataType.FLOAT, 1, out));
        record(new LayerSummary(name, "Dense softmax", String.valueOf(out), (long) in * out + out));
        return x.mmul(wv).add(out(name + "_logits"), bv);
    }

    private INDArray gaussian(double std, long... shape) {
        long n = 1;
        for (long s : shape) {
            n *= s;
        }
        float[] data = new float[Math.toIntExact(n)];
        for (int i = 0; i < data.length; i++) {
            data[i] = (float) (random.nextGaussian() * std);
        }
        return Nd4j.create(data, shape, DataType.FLOAT);
    }

    private void checkPositive(String layer) {
        if (h < 1 || w < 1) {
            throw new IllegalArgumentException("the input is too small for this preset: nothing left after " + layer);
        }
    }

    private String shape() {
        return h + "x" + w + "x" + c;
    }

    private String currentShapeLabel() {
        return layers.isEmpty() ? shape() : layers.get(layers.size() - 1).outputShape();
    }
}
