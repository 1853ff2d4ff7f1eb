package org.captchalab.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Inference images/second of the seed network at batch 64 in rounds of 4 seconds, one stream against
 * {@link InferenceLanes}, alternating in one process; {@code -Dprobe.noLanes=true} runs only the one stream,
 * {@code -Dprobe.train=true} first trains for 8 rounds. It shows the JVM's warm-up: the first rounds are far
 * slower than the later ones for inference, not for training.
 */
public final class LanesProbe {
    public static void main(String[] a) {
        NetworkSpec spec = new NetworkSpec(Preset.parse(a.length > 0 ? a[0] : "seed"), 129, 53, 4, 26);
        int batch = 64;
        CaptchaNetwork net = CaptchaNetwork.create(spec, 1, 1e-3);
        Random r = new Random(0);
        float[] px = new float[batch * spec.pixelsPerImage()];
        for (int i = 0; i < px.length; i++) px[i] = r.nextFloat();
        INDArray x = Nd4j.create(px, new long[] {batch, 53, 129, 3}, DataType.FLOAT);
        List<CaptchaNetwork> copies = new ArrayList<>();
        copies.add(net.copy());
        while (copies.size() < InferenceLanes.count()) copies.add(net.copy());
        if (Boolean.getBoolean("probe.train")) {
            INDArray[] y = new INDArray[4];
            for (int p = 0; p < 4; p++) {
                y[p] = Nd4j.zeros(DataType.FLOAT, batch, 26);
                for (int b = 0; b < batch; b++) y[p].putScalar(b, r.nextInt(26), 1f);
            }
            for (int rep = 0; rep < 8; rep++) {
                long n = 0, t0 = System.nanoTime();
                while (System.nanoTime() - t0 < 4e9) { net.fit(x, y, n); n++; }
                System.out.printf("train stream %.1f%n", batch * n / ((System.nanoTime() - t0) / 1e9));
            }
        }
        boolean lanesOn = !Boolean.getBoolean("probe.noLanes");
        for (int rep = 0; rep < 6; rep++) {
            long n = 0, t0 = System.nanoTime();
            while (System.nanoTime() - t0 < 4e9) { net.probabilities(x); n++; }
            double one = batch * n / ((System.nanoTime() - t0) / 1e9);
            n = 0; t0 = System.nanoTime();
            while (lanesOn && System.nanoTime() - t0 < 4e9) { InferenceLanes.run(8, copies, (c, b) -> c.probabilities(x)); n += 8; }
            double lanes = batch * n / ((System.nanoTime() - t0) / 1e9);
            System.out.printf("one stream %.1f  lanes %.1f%n", one, lanes);
        }
        System.exit(0);
    }
}
