package org.captchalab.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.captchalab.Nd4jTestSupport;
import org.nd4j.autodiff.listeners.At;
import org.nd4j.autodiff.listeners.BaseListener;
import org.nd4j.autodiff.listeners.Operation;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.internal.SameDiffOp;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.OpContext;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv3DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.PaddingMode;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Pooling2DConfig;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Manual probe: the seed network's first convolution (3x3, 3 to 32 channels, valid, on 64 images of 53x129, then
 * its 2x2 max-pool) written three ways, each timed per op over the gradient of its weights and bias:
 * <ul>
 *   <li>{@code conv2d}: as the presets build it ({@code sd.cnn.conv2d}, NHWC);</li>
 *   <li>{@code conv3d}: the same kernel as a depth-1 {@code conv3d} (NDHWC), which oneDNN never runs as Winograd;</li>
 *   <li>{@code patches}: a constant one-hot 3x3 convolution that copies each pixel's 27 neighbours into channels (plus
 *   a 28th channel of ones for the bias), then one matrix product with the weights, so no input gradient is asked
 *   for.</li>
 * </ul>
 * Arguments: the variant and the number of timed calls (20). It prints the time spent in all the graph's ops (the
 * per-call overhead of {@code calculateGradients} is left out) and how far the weight gradient is from {@code conv2d}'s. With
 * {@code DNNL_VERBOSE=1} in the environment oneDNN also prints which kernel ran each primitive and its time
 * (docs/model.md has the commands and the figures).
 */
public final class FirstConvProbe {

    static final int MB = 64;
    static final int H = 53;
    static final int W = 129;

    public static void main(String[] args) {
        org.captchalab.MallocTuning.handOverToTunedChild();
        Nd4jTestSupport.init();
        String variant = args.length > 0 ? args[0] : "conv2d";
        if (!List.of("conv2d", "nchw", "conv3d", "patches").contains(variant)) {
            System.err.println("variant: conv2d, nchw, conv3d or patches");
            System.exit(2);
        }
        int iters = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        Nd4j.getRandom().setSeed(7);
        INDArray x = Nd4j.rand(DataType.FLOAT, MB, H, W, 3);
        INDArray w0 = Nd4j.randn(DataType.FLOAT, 3, 3, 3, 32).muli(0.2);
        INDArray b0 = Nd4j.randn(DataType.FLOAT, 32).muli(0.1);
        INDArray r = Nd4j.rand(DataType.FLOAT, MB, (H - 2) / 2, (W - 2) / 2, 32);
        Map<String, INDArray> ph = Map.of("in", x);
        // one variant per process: SameDiff.calculateGradients keeps memory per call, and several variants' worth
        // of calls in one process grew past 24 GB
        INDArray reference = graph("conv2d", w0, b0, r).calculateGradients(ph, "W", "b").get("W").dup();
        SameDiff sd = graph(variant, w0, b0, r);
        Map<String, INDArray> g = null;
        for (int i = 0; i < 5; i++) {
            g = sd.calculateGradients(ph, "W", "b");
        }
        Map<String, double[]> perOp = new LinkedHashMap<>();
        long[] start = {0};
        sd.setListeners(new BaseListener() {
            public boolean isActive(Operation o) { return true; }
            public void preOpExecution(SameDiff s, At at, SameDiffOp op, OpContext c) { start[0] = System.nanoTime(); }
            public void opExecution(SameDiff s, At at, MultiDataSet b, SameDiffOp op, OpContext c, INDArray[] out) {
                perOp.computeIfAbsent(op.getName() + " (" + op.getOp().opName() + ")", k -> new double[1])[0] += System.nanoTime() - start[0];
            }
        });
        for (int i = 0; i < iters; i++) {
            g = sd.calculateGradients(ph, "W", "b");
        }
        double inOps = perOp.values().stream().mapToDouble(d -> d[0]).sum() / 1e6 / iters;
        double diff = g.get("W").sub(reference).amaxNumber().doubleValue() / reference.amaxNumber().doubleValue();
        System.out.printf("%s: %.1f ms in ops per gradient (forward and backward); max |dW - conv2d's dW| / max |dW| = %.1e%n",
                variant, inOps, diff);
        List<Map.Entry<String, double[]>> ops = new ArrayList<>(perOp.entrySet());
        ops.sort((a, b) -> Double.compare(b.getValue()[0], a.getValue()[0]));
        for (var e : ops) {
            if (e.getValue()[0] / 1e6 / iters >= 0.5) {
                System.out.printf("    %-34s %7.1f ms%n", e.getKey(), e.getValue()[0] / 1e6 / iters);
            }
        }
    }

    static SameDiff graph(String variant, INDArray w0, INDArray b0, INDArray r) {
        SameDiff sd = SameDiff.create();
        SDVariable in = sd.placeHolder("in", DataType.FLOAT, -1, H, W, 3);
        SDVariable wv = sd.var("W", w0.dup());
        SDVariable bv = sd.var("b", b0.dup());
        SDVariable conv;
        switch (variant) {
            case "conv2d" -> conv = sd.cnn.conv2d(in, wv, bv, Conv2DConfig.builder().kH(3).kW(3).sH(1).sW(1)
                    .paddingMode(PaddingMode.VALID).dataFormat("NHWC").build());
            case "nchw" -> {
                SDVariable nchw = sd.cnn.conv2d(in.permute(0, 3, 1, 2), wv, bv, Conv2DConfig.builder().kH(3).kW(3).sH(1).sW(1)
                        .paddingMode(PaddingMode.VALID).dataFormat("NCHW").build());
                conv = nchw.permute(0, 2, 3, 1);
            }
            case "conv3d" -> {
                Conv3DConfig cfg = Conv3DConfig.builder().kD(1).kH(3).kW(3).sD(1).sH(1).sW(1).dD(1).dH(1).dW(1)
                        .paddingMode(PaddingMode.VALID).biasUsed(true).dataFormat("NDHWC").build();
                SDVariable in5 = in.reshape(sd.constant(Nd4j.createFromArray(-1L, 1L, H, W, 3)));
                conv = sd.cnn.conv3d(in5, wv.reshape(1, 3, 3, 3, 32), bv, cfg).reshape(-1, H - 2, W - 2, 32);
            }
            case "patches" -> {
                INDArray oneHot = Nd4j.zeros(DataType.FLOAT, 3, 3, 3, 28);
                for (int ky = 0; ky < 3; ky++) {
                    for (int kx = 0; kx < 3; kx++) {
                        for (int c = 0; c < 3; c++) {
                            oneHot.putScalar(new int[] {ky, kx, c, ky * 9 + kx * 3 + c}, 1f);
                        }
                    }
                }
                INDArray ones = Nd4j.zeros(DataType.FLOAT, 28).putScalar(27, 1f);
                SDVariable patches = sd.cnn.conv2d(in, sd.constant(oneHot), sd.constant(ones), Conv2DConfig.builder()
                        .kH(3).kW(3).sH(1).sW(1).paddingMode(PaddingMode.VALID).dataFormat("NHWC").build());
                SDVariable weights = sd.concat(0, wv.reshape(27, 32), bv.reshape(1, 32));
                conv = sd.mmul(patches.reshape(-1, 28), weights).reshape(-1, H - 2, W - 2, 32);
            }
            default -> throw new IllegalArgumentException("variant: conv2d, nchw, conv3d or patches");
        }
        SDVariable pooled = sd.cnn.maxPooling2d(conv, Pooling2DConfig.builder().kH(2).kW(2).sH(2).sW(2)
                .paddingMode(PaddingMode.VALID).isNHWC(true).build());
        pooled.mul(sd.constant(r)).sum().markAsLoss();
        return sd;
    }
}
