package org.captchalab.model;

import java.util.Random;
import org.captchalab.dataset.Alphabet;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Measures training and inference images/second of a preset on random data, the way the PyTorch peer
 * benchmark does: a few warm-up steps, then as many steps as fit in the time budget, same batch each step.
 */
public final class Throughput {

    /** Images/second for training (forward, backward, Adam step) and inference (forward only). */
    public record Result(NetworkSpec spec, int batch, double trainImagesPerSecond, double inferImagesPerSecond) {
    }

    private Throughput() {
    }

    public static Result measure(NetworkSpec spec, int batch, double secondsEach) {
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
        java.util.List<String> labels = new java.util.ArrayList<>();
        for (int i = 0; i < batch; i++) {
            StringBuilder l = new StringBuilder();
            for (int p = 0; p < spec.length(); p++) {
                l.append(alphabet.charAt(r.nextInt(spec.classes())));
            }
            labels.add(l.toString());
        }
        INDArray[] y = ImageTensors.labels(labels, alphabet, spec.length());
        long[] step = {0};
        double train = rate(batch, secondsEach, () -> net.fit(x, y, step[0]++));
        double infer = rate(batch, secondsEach, () -> net.probabilities(x));
        return new Result(spec, batch, train, infer);
    }

    private static double rate(int batch, double seconds, Runnable step) {
        for (int i = 0; i < 3; i++) {
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
