package org.captchalab.model;

import java.util.*;
import org.captchalab.Nd4jTestSupport;
import org.nd4j.autodiff.samediff.*;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Manual probe: SameDiff's native batchNorm fed with in-graph batch moments vs written-out BN, gradients and time.
 * With 1.0.0-M2.1 it shows that the native op cannot be trained: building its gradient throws "Invalid axis
 * argument: axis must be specified" from BatchNorm.doDiff (the derivative op is built without the axis).
 */
public final class BatchNormProbe {
    static Map<String, INDArray> run(boolean nativeOp, long[] shape, int reps, double[] ms) {
        Nd4j.getRandom().setSeed(1);
        SameDiff sd = SameDiff.create();
        int c = (int) shape[3];
        SDVariable x = sd.var("x", Nd4j.randn(DataType.FLOAT, shape));
        SDVariable gamma = sd.var("gamma", Nd4j.rand(DataType.FLOAT, c).addi(0.5));
        SDVariable beta = sd.var("beta", Nd4j.rand(DataType.FLOAT, c));
        SDVariable r = sd.constant("r", Nd4j.randn(DataType.FLOAT, shape));
        SDVariable y;
        if (nativeOp) {
            SDVariable mean = x.mean(false, 0, 1, 2);
            SDVariable var = sd.variance(x, false, false, 0, 1, 2);
            y = sd.nn.batchNorm(x, mean, var, gamma, beta, 1e-5, 3);
        } else {
            SDVariable mean = x.mean(true, 0, 1, 2);
            SDVariable cen = x.sub(mean);
            SDVariable var = cen.mul(cen).mean(true, 0, 1, 2);
            y = cen.mul(sd.math.rsqrt(var.add(1e-5))).mul(gamma.reshape(1, 1, 1, c)).add(beta.reshape(1, 1, 1, c));
        }
        SDVariable loss = y.mul(r).sum("loss");
        sd.setLossVariables(loss);
        Map<String, INDArray> g = null;
        long t0 = 0;
        for (int i = 0; i < reps + 2; i++) {
            if (i == 2) t0 = System.nanoTime();
            g = sd.calculateGradients(Map.of(), "x", "gamma", "beta");
        }
        ms[0] = (System.nanoTime() - t0) / 1e6 / reps;
        return g;
    }

    public static void main(String[] args) {
        Nd4jTestSupport.init();
        double[] ms = new double[1];
        long[] small = {4, 3, 5, 6};
        Map<String, INDArray> a = run(false, small, 1, ms);
        Map<String, INDArray> b = run(true, small, 1, ms);
        for (String k : List.of("x", "gamma", "beta")) {
            System.out.printf("%s max |manual - native| = %.3e (max |manual| %.3e)%n", k,
                    a.get(k).sub(b.get(k)).amaxNumber().doubleValue(), a.get(k).amaxNumber().doubleValue());
        }
        long[] big = {64, 53, 129, 32};
        run(false, big, 3, ms);
        System.out.printf("manual BN fwd+bwd at 64x53x129x32: %.0f ms%n", ms[0]);
        run(true, big, 3, ms);
        System.out.printf("native BN fwd+bwd at 64x53x129x32: %.0f ms%n", ms[0]);
    }
}
