package org.captchalab.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.captchalab.dataset.Alphabet;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Measures training and inference images/second of a preset on random data, the way the PyTorch peer
 * benchmark does (as many steps as fit in the time budget, same batch each step), after a warm-up of its own.
 *
 * <p>The warm-up is longer than the peer's three steps because the JVM needs it: SameDiff's inference session is
 * Java code that the JIT compiles while it runs, and one stream of forward passes of the seed network went from
 * about 1,900 to about 3,400 images/second over its first 12 seconds here ({@code LanesProbe} in the tests),
 * while training stayed level. A run of the window or of {@code eval} that predicts for longer sees the later
 * figure.
 */
public final class Throughput {

    /**
     * Images/second for training (forward, backward, Adam step) and inference (forward only). Inference is
     * measured the way {@link Predictor} runs many batches, one batch in flight per {@link InferenceLanes lane}
     * ({@code lanes} of them; with 1, one stream), and also as one stream of batches over all cores on the
     * calling thread.
     */
    public record Result(NetworkSpec spec, int batch, double trainImagesPerSecond, double inferImagesPerSecond,
            double inferOneStreamImagesPerSecond, int lanes) {
    }

    private Throughput() {
    }

    /**
     * @param secondsEach   how long each figure is measured
     * @param warmupSeconds how long each is run first, unmeasured (at least three steps)
     */
    public static Result measure(NetworkSpec spec, int batch, double secondsEach, double warmupSeconds) {
        CaptchaNetwork net = CaptchaNetwork.create(spec, 1, 1e-3);
        Random r = new Random(0);
        float[] pixels = new float[batch * spec.pixelsPerImage()];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = r.nextFloat();
        }
        INDArray x = Nd4j.create(pixels, new long[] {batch, spec.height(), spec.width(), NetworkSpec.CHANNELS}, DataType.FLOAT);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < spec.classes(); i++) {
            sb.append((char) ('\u4e00' + i));
        }
        Alphabet alphabet = new Alphabet(sb.toString());
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < batch; i++) {
            StringBuilder l = new StringBuilder();
            for (int p = 0; p < spec.length(); p++) {
                l.append(alphabet.charAt(r.nextInt(spec.classes())));
            }
            labels.add(l.toString());
        }
        INDArray[] y = ImageTensors.labels(labels, alphabet, spec.length());
        long[] step = {0};
        double train = rate(batch, secondsEach, warmupSeconds, () -> net.fit(x, y, step[0]++));
        double infer = 0;
        int lanes = InferenceLanes.count();
        if (lanes >= 2) {
            List<CaptchaNetwork> copies = InferenceLanes.networksFor(net);
            int round = 4 * lanes;
            infer = rate(batch * round, secondsEach, warmupSeconds,
                    () -> InferenceLanes.run(round, copies, (n, b) -> n.probabilities(x)));
        }
        double oneStream = rate(batch, secondsEach, warmupSeconds, () -> net.probabilities(x));
        if (lanes < 2) {
            // what Predictor does then
            infer = oneStream;
        }
        return new Result(spec, batch, train, infer, oneStream, lanes);
    }

    /** Images/second of {@code step}, which handles {@code batch} images, after its warm-up. */
    private static double rate(int batch, double seconds, double warmupSeconds, Runnable step) {
        long w0 = System.nanoTime();
        for (int i = 0; i < 3 || System.nanoTime() - w0 < warmupSeconds * 1e9; i++) {
            step.run();
        }
        long n = 0;
        long t0 = System.nanoTime();
        long budget = (long) (seconds * 1e9);
        while (System.nanoTime() - t0 < budget) {
            step.run();
            n++;
        }
        return batch * n / ((System.nanoTime() - t0) / 1e9);
    }
}
