package org.captchalab.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
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

    GraphLayers(SameDiff sd, long seed, int height, int width, int channels) {
        this.sd = sd;
        this.random = new Random(seed);
        this.h = height;
        this.w = width;
        this.c = channels;
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
        SDVariable wv = sd.var(name + "_W", gaussian(std, 3, 3, c, filters));
        SDVariable bv = sd.var(name + "_b", Nd4j.zeros(DataType.FLOAT, filters));
        Conv2DConfig cfg = Conv2DConfig.builder().kH(3).kW(3).sH(1).sW(1)
                .paddingMode(samePadding ? PaddingMode.SAME : PaddingMode.VALID).dataFormat("NHWC").build();
        SDVariable out = sd.cnn.conv2d(name, x, wv, bv, cfg);
        if (!samePadding) {
            h -= 2;
            w -= 2;
        }
        c = filters;
        checkPositive(name);
        layers.add(new LayerSummary(name, "Conv 3x3 " + (samePadding ? "same" : "valid"), shape(), 9L * wv.getShape()[2] * filters + filters));
        return out;
    }

    SDVariable maxPool(SDVariable x) {
        String name = "pool" + (++counter);
        Pooling2DConfig cfg = Pooling2DConfig.builder().kH(2).kW(2).sH(2).sW(2)
                .paddingMode(PaddingMode.VALID).isNHWC(true).build();
        SDVariable out = sd.cnn.maxPooling2d(name, x, cfg);
        h /= 2;
        w /= 2;
        checkPositive(name);
        layers.add(new LayerSummary(name, "MaxPool 2x2", shape(), 0));
        return out;
    }

    SDVariable relu(SDVariable x) {
        String name = "relu" + (++counter);
        layers.add(new LayerSummary(name, "ReLU", currentShapeLabel(), 0));
        return sd.nn.relu(name, x, 0.0);
    }

    SDVariable flatten(SDVariable x) {
        String name = "flatten" + (++counter);
        SDVariable out = x.reshape(-1, features());
        layers.add(new LayerSummary(name, "Flatten", String.valueOf(features()), 0));
        return out;
    }

    /** Multiplies by a {@code drop_mask} placeholder: the trainer feeds a scaled Bernoulli mask, inference ones. */
    SDVariable dropout(SDVariable x, String maskName, double keep) {
        SDVariable mask = sd.placeHolder(maskName, DataType.FLOAT, -1, features());
        layers.add(new LayerSummary(maskName, "Dropout (keep " + keep + ")", String.valueOf(features()), 0));
        return x.mul(mask);
    }

    SDVariable denseLogits(SDVariable x, String name, int in, int out) {
        double std = Math.sqrt(1.0 / in);
        SDVariable wv = sd.var(name + "_W", gaussian(std, in, out));
        SDVariable bv = sd.var(name + "_b", Nd4j.zeros(DataType.FLOAT, 1, out));
        layers.add(new LayerSummary(name, "Dense softmax", String.valueOf(out), (long) in * out + out));
        return x.mmul(wv).add(name + "_logits", bv);
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
