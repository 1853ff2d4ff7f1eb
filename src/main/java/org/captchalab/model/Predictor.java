package org.captchalab.model;

import java.util.ArrayList;
import java.util.List;
import org.captchalab.dataset.Alphabet;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * An immutable, thread-safe way to predict: it owns its own copy of a network (never the one being trained)
 * plus the alphabet that maps class ids to characters. Calls are serialised because a SameDiff graph cannot
 * run two inferences at once; large inputs are cut into batches.
 */
public final class Predictor {

    private static final int BATCH = 128;

    private final CaptchaNetwork network;
    private final Alphabet alphabet;
    private final double temperature;

    /** Takes ownership of {@code network}: pass a {@link CaptchaNetwork#copy()} if anyone else uses it. */
    public Predictor(CaptchaNetwork network, Alphabet alphabet) {
        this(network, alphabet, 1.0);
    }

    /**
     * As {@link #Predictor(CaptchaNetwork, Alphabet)}, reporting probabilities at {@code temperature} (see
     * {@link Calibration}; 1 = the network's own softmax).
     */
    public Predictor(CaptchaNetwork network, Alphabet alphabet, double temperature) {
        if (alphabet.size() != network.spec().classes()) {
            throw new IllegalArgumentException("alphabet has " + alphabet.size() + " characters, the network "
                    + network.spec().classes() + " classes");
        }
        if (!(temperature > 0) || Double.isInfinite(temperature)) {
            throw new IllegalArgumentException("temperature must be positive, was " + temperature);
        }
        this.network = network;
        this.alphabet = alphabet;
        this.temperature = temperature;
    }

    /** The temperature applied to the network's probabilities (1 = none). */
    public double temperature() {
        return temperature;
    }

    /** A predictor over the same network at another temperature (they share it: do not use both at once from two threads). */
    public Predictor withTemperature(double t) {
        return new Predictor(network, alphabet, t);
    }

    /**
     * The temperature that calibrates this network's probabilities on labelled images (normally the validation
     * split), ignoring this predictor's own temperature, with the losses before and after. Labels must follow the
     * alphabet.
     */
    public synchronized Calibration.Fit fitTemperature(List<byte[]> images, List<String> labels) {
        int n = images.size();
        int k = alphabet.size();
        int length = network.spec().length();
        float[][] probs = new float[length][n * k];
        int[][] truth = new int[length][n];
        for (int from = 0; from < n; from += BATCH) {
            int to = Math.min(n, from + BATCH);
            INDArray[] batch = networkProbabilities(images, from, to);
            for (int p = 0; p < length; p++) {
                float[] rows = batch[p].dup('c').data().asFloat();
                System.arraycopy(rows, 0, probs[p], from * k, rows.length);
                for (int i = from; i < to; i++) {
                    truth[p][i] = alphabet.indexOf(labels.get(i).charAt(p));
                }
            }
        }
        return Calibration.fit(probs, truth, k);
    }

    public NetworkSpec spec() {
        return network.spec();
    }

    public Alphabet alphabet() {
        return alphabet;
    }

    /** Predicts HWC RGB byte images already at the network's input size. */
    public List<SequencePrediction> predict(List<byte[]> images) {
        return predict(images, null, null);
    }

    /**
     * Predicts, and for labelled images ({@code labels} not null, same order) writes each image's loss into
     * {@code losses}.
     */
    public synchronized List<SequencePrediction> predict(List<byte[]> images, List<String> labels, double[] losses) {
        List<SequencePrediction> out = new ArrayList<>(images.size());
        for (int from = 0; from < images.size(); from += BATCH) {
            int to = Math.min(images.size(), from + BATCH);
            INDArray[] probs = networkProbabilities(images, from, to);
            for (int p = 0; p < probs.length; p++) {
                probs[p] = Calibration.apply(probs[p], temperature);
            }
            out.addAll(PredictionDecoder.decode(probs, alphabet, labels == null ? null : labels.subList(from, to), losses, from));
        }
        return out;
    }

    /**
     * Where each position read each image (HWC RGB bytes at the input size), for networks that read by attention;
     * an empty list for the others.
     */
    public synchronized List<AttentionMap> attention(List<byte[]> images) {
        List<AttentionMap> out = new ArrayList<>(images.size());
        for (int from = 0; from < images.size(); from += BATCH) {
            int to = Math.min(images.size(), from + BATCH);
            AttentionMap[] maps = network.attention(ImageTensors.images(images.subList(from, to), network.spec()));
            if (maps.length == 0) {
                return List.of();
            }
            out.addAll(List.of(maps));
        }
        return out;
    }

    /** The network's own probabilities (temperature 1) for images {@code from} to {@code to}, one array per position. */
    private INDArray[] networkProbabilities(List<byte[]> images, int from, int to) {
        return network.probabilities(ImageTensors.images(images.subList(from, to), network.spec()));
    }
}
