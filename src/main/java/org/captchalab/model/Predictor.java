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

    /** Takes ownership of {@code network}: pass a {@link CaptchaNetwork#copy()} if anyone else uses it. */
    public Predictor(CaptchaNetwork network, Alphabet alphabet) {
        if (alphabet.size() != network.spec().classes()) {
            throw new IllegalArgumentException("alphabet has " + alphabet.size() + " characters, the network "
                    + network.spec().classes() + " classes");
        }
        this.network = network;
        this.alphabet = alphabet;
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
            INDArray[] probs = network.probabilities(ImageTensors.images(images.subList(from, to), network.spec()));
            out.addAll(PredictionDecoder.decode(probs, alphabet, labels == null ? null : labels.subList(from, to), losses, from));
        }
        return out;
    }
}
