package org.captchalab.model;

import java.util.Locale;
import org.captchalab.Nd4jTestSupport;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.api.ops.OpContext;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Manual probe: single ND4J operations at the seed network's shapes (batch 64, 129x53), each timed alone, to compare
 * the routes {@link SeedPass} chose between: oneDNN's convolution and pooling for each layer, with and without the
 * platform helpers (oneDNN), against the first layer as a matrix product over its patches. Like the product it runs
 * in a child with tuned allocator settings. {@code -Dreps=N} sets the repetitions (default 15).
 */
public final class PrimitiveProbe {

    private static final long[] CONV = {3, 3, 1, 1, 0, 0, 1, 1, 0, 1, 0};
    private static final long[] POOL = {2, 2, 2, 2, 0, 0, 1, 1, 0, 0, 1};

    static void time(String name, int reps, Runnable r) {
        for (int i = 0; i < 3; i++) {
            r.run();
        }
        long best = Long.MAX_VALUE;
        long total = 0;
        for (int i = 0; i < reps; i++) {
            long t0 = System.nanoTime();
            r.run();
            long dt = System.nanoTime() - t0;
            best = Math.min(best, dt);
            total += dt;
        }
        System.out.printf(Locale.ROOT, "%-44s mean %7.2f ms  best %7.2f ms%n", name, total / 1e6 / reps, best / 1e6);
    }

    static void exec(String op, INDArray[] in, INDArray[] out, long[] iArgs, boolean helpers) {
        try (OpContext ctx = Nd4j.getExecutioner().buildContext()) {
            ctx.setInputArrays(in);
            ctx.setOutputArrays(out);
            ctx.setIArguments(iArgs);
            ctx.allowHelpers(helpers);
            Nd4j.exec(DynamicCustomOp.builder(op).build(), ctx);
        } catch (Exception e) {
            throw new IllegalStateException(op + " failed", e);
        }
    }

    static INDArray random(long... shape) {
        return Nd4j.rand(DataType.FLOAT, shape).subi(0.5);
    }

    public static void main(String[] args) {
        org.captchalab.MallocTuning.handOverToTunedChild();
        Nd4jTestSupport.init();
        int b = 64;
        int reps = Integer.getInteger("reps", 15);
        int[][] inputs = {{53, 129, 3}, {25, 63, 32}, {11, 30, 32}, {4, 14, 32}};
        for (int l = 0; l < inputs.length; l++) {
            int h = inputs[l][0];
            int w = inputs[l][1];
            int c = inputs[l][2];
            INDArray x = random(b, h, w, c);
            INDArray kernel = random(3, 3, c, 32);
            INDArray bias = random(32);
            INDArray y = Nd4j.create(DataType.FLOAT, b, h - 2, w - 2, 32);
            INDArray dy = random(b, h - 2, w - 2, 32);
            INDArray dx = Nd4j.create(DataType.FLOAT, b, h, w, c);
            INDArray dw = Nd4j.create(DataType.FLOAT, 3, 3, c, 32);
            INDArray db = Nd4j.create(DataType.FLOAT, 32);
            INDArray pooled = Nd4j.create(DataType.FLOAT, b, (h - 2) / 2, (w - 2) / 2, 32);
            INDArray dPooled = random(b, (h - 2) / 2, (w - 2) / 2, 32);
            INDArray dUnpooled = Nd4j.create(DataType.FLOAT, b, h - 2, w - 2, 32);
            for (boolean helpers : new boolean[] {true, false}) {
                String tag = " layer " + (l + 1) + (helpers ? ", oneDNN" : ", libnd4j");
                time("conv2d" + tag, reps, () -> exec("conv2d", new INDArray[] {x, kernel, bias}, new INDArray[] {y}, CONV, helpers));
                time("conv2d_bp" + tag, reps, () -> exec("conv2d_bp", new INDArray[] {x, kernel, bias, dy},
                        new INDArray[] {dx, dw, db}, CONV, helpers));
                time("maxpool2d" + tag, reps, () -> exec("maxpool2d", new INDArray[] {y}, new INDArray[] {pooled}, POOL, helpers));
                time("maxpool2d_bp" + tag, reps, () -> exec("maxpool2d_bp", new INDArray[] {y, dPooled},
                        new INDArray[] {dUnpooled}, POOL, helpers));
            }
        }
        // the first layer as SeedPass computes it: 64 images x 22 x 62 pooling cells x 4 positions, 28 columns
        long rows = 64L * 22 * 62 * 4;
        INDArray patches = random(rows, 28);
        INDArray kernel = random(28, 32);
        INDArray conv1 = Nd4j.create(DataType.FLOAT, rows, 32);
        time("layer 1 as a product [349k,28] x [28,32]", reps, () -> Nd4j.gemm(patches, kernel, conv1, false, false, 1.0, 0.0));
        INDArray kernelGrad = Nd4j.create(DataType.FLOAT, 28, 32);
        time("its kernel gradient [28,349k] x [349k,32]", reps, () -> Nd4j.gemm(patches, conv1, kernelGrad, true, false, 1.0, 0.0));
        INDArray cells = random(rows / 4, 2, 2, 32);
        INDArray cellMax = Nd4j.create(DataType.FLOAT, rows / 4, 1, 1, 32);
        time("maxpool2d over [87k,2,2,32]", reps, () -> exec("maxpool2d", new INDArray[] {cells}, new INDArray[] {cellMax}, POOL, true));
        INDArray cellGrad = random(rows / 4, 1, 1, 32);
        INDArray routed = Nd4j.create(DataType.FLOAT, rows / 4, 2, 2, 32);
        time("maxpool2d_bp over [87k,2,2,32]", reps, () -> exec("maxpool2d_bp", new INDArray[] {cells, cellGrad},
                new INDArray[] {routed}, POOL, true));
        INDArray image = random(b, 53, 129, 3);
        INDArray extracted = Nd4j.create(DataType.FLOAT, b, 51, 127, 27);
        time("extract_image_patches, layer 1", 3, () -> exec("extract_image_patches", new INDArray[] {image},
                new INDArray[] {extracted}, new long[] {3, 3, 1, 1, 1, 1, 0}, true));
    }
}
