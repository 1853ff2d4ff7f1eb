package org.captchalab.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.*;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Aggregate training and inference images/second of independent copies of the seed network, one per thread,
 * each thread running ND4J single-threaded when {@code -Dprobe.perThread=true} (or all of them, with
 * {@code OMP_NUM_THREADS=1}). Arguments: copies, batch per copy, seconds. Each figure follows only three warm-up
 * steps, so it includes the JVM's warm-up ({@link LanesProbe}). On 2 cores two copies at batch 64 inferred about a
 * third more images per second than one stream in these conditions (3,097 against 2,315), which led to
 * {@link InferenceLanes}; two copies at batch 32, a step of 64 split in two, trained only about 5% more than one
 * (559.5 against 532.3), so training does not split its steps.
 */
public final class ParallelProbe {
    public static void main(String[] a) throws Exception {
        int replicas = Integer.parseInt(a[0]);
        int batch = Integer.parseInt(a[1]);
        double secs = a.length > 2 ? Double.parseDouble(a[2]) : 8;
        NetworkSpec spec = new NetworkSpec(Preset.SEED, 129, 53, 4, 26);
        Nd4j.zeros(1);
        ExecutorService ex = Executors.newFixedThreadPool(replicas);
        List<Callable<double[]>> jobs = new ArrayList<>();
        CyclicBarrier start = new CyclicBarrier(replicas);
        for (int k = 0; k < replicas; k++) {
            final int kk = k;
            jobs.add(() -> {
                if (Boolean.getBoolean("probe.perThread")) {
                    org.nd4j.nativeblas.NativeOpsHolder.getInstance().getDeviceNativeOps().setOmpNumThreads(1);
                }
                CaptchaNetwork net = CaptchaNetwork.create(spec, 1 + kk, 1e-3);
                Random r = new Random(kk);
                float[] px = new float[batch * spec.pixelsPerImage()];
                for (int i = 0; i < px.length; i++) px[i] = r.nextFloat();
                INDArray x = Nd4j.create(px, new long[] {batch, 53, 129, 3}, DataType.FLOAT);
                INDArray[] y = new INDArray[4];
                for (int p = 0; p < 4; p++) {
                    y[p] = Nd4j.zeros(DataType.FLOAT, batch, 26);
                    for (int b = 0; b < batch; b++) y[p].putScalar(b, r.nextInt(26), 1f);
                }
                for (int i = 0; i < 3; i++) { net.fit(x, y, i); net.probabilities(x); }
                start.await();
                long n = 0; long t0 = System.nanoTime();
                while (System.nanoTime() - t0 < secs * 1e9) { net.fit(x, y, n); n++; }
                double tr = batch * n / ((System.nanoTime() - t0) / 1e9);
                start.await();
                n = 0; t0 = System.nanoTime();
                while (System.nanoTime() - t0 < secs * 1e9) { net.probabilities(x); n++; }
                double inf = batch * n / ((System.nanoTime() - t0) / 1e9);
                return new double[] {tr, inf};
            });
        }
        double tr = 0, inf = 0;
        try {
            for (Future<double[]> f : ex.invokeAll(jobs)) { tr += f.get()[0]; inf += f.get()[1]; }
        } catch (ExecutionException e) {
            e.getCause().printStackTrace();
            System.exit(1);
        }
        System.out.printf("replicas %d batch %d: train %.1f infer %.1f img/s (OMP_NUM_THREADS=%s)%n", replicas, batch, tr, inf, System.getenv("OMP_NUM_THREADS"));
        ex.shutdown();
        System.exit(0);
    }
}
