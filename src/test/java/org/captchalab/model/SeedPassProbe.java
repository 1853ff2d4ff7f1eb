package org.captchalab.model;

import java.util.Locale;
import java.util.Map;
import org.captchalab.Nd4jTestSupport;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Manual probe: where a step of the direct seed pass spends its time, per stage, at batch 64 on random 129x53 images.
 * Run with {@code -Dcaptchalab.seedPass.profile=true}; like the product it runs in a child with tuned allocator settings.
 * {@code -Dprobe.infer=true} times predictions instead of training steps, and {@code -Dprobe.threads=1} then runs them on
 * one native thread, as each inference lane does.
 */
public final class SeedPassProbe {
    public static void main(String[] args) {
        org.captchalab.MallocTuning.handOverToTunedChild();
        Nd4jTestSupport.init();
        if (!SeedPass.PROFILE) {
            throw new IllegalStateException("run with -Dcaptchalab.seedPass.profile=true");
        }
        int batch = args.length > 0 ? Integer.parseInt(args[0]) : 64;
        NetworkSpec spec = NetworkSpec.SEED_QQ;
        CaptchaNetwork net = CaptchaNetwork.create(spec, 1, 1e-3);
        INDArray x = SeedPassTest.images(spec, batch, 1, false);
        INDArray[] y = SeedPassTest.labels(spec, batch, 2);
        int warm = Integer.getInteger("probe.warmup", 30);
        // -Dprobe.infer=true times predictions instead (with -Dprobe.threads=1, on one native thread, as a lane does)
        boolean infer = Boolean.getBoolean("probe.infer");
        if (infer && Integer.getInteger("probe.threads", 0) > 0) {
            org.nd4j.nativeblas.NativeOpsHolder.getInstance().getDeviceNativeOps()
                    .setOmpNumThreads(Integer.getInteger("probe.threads"));
        }
        net.fit(x, y, 0);
        for (int i = 0; i < warm; i++) {
            if (infer) {
                net.probabilities(x);
            } else {
                net.fit(x, y, i);
            }
        }
        SeedPass.stageNanos.clear();
        int steps = infer ? 100 : 40;
        long t0 = System.nanoTime();
        for (int i = 0; i < steps; i++) {
            if (infer) {
                net.probabilities(x);
            } else {
                net.fit(x, y, i);
            }
        }
        double stepMs = (System.nanoTime() - t0) / 1e6 / steps;
        double sum = 0;
        for (Map.Entry<String, long[]> e : SeedPass.stageNanos.entrySet()) {
            double ms = e.getValue()[0] / 1e6 / steps;
            sum += ms;
            System.out.printf(Locale.ROOT, "%-24s %7.2f ms%n", e.getKey(), ms);
        }
        System.out.printf(Locale.ROOT, "stages %.1f ms, step %.1f ms, %.1f images/s%n", sum, stepMs, batch * 1000 / stepMs);
    }
}
