package org.captchalab.model;

import java.util.ArrayList;
import java.util.List;
import org.captchalab.dataset.Alphabet;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * An immutable, thread-safe way to predict: it owns its own copy of a network (never the one being trained,
 * except through {@link #oneStream}) plus the alphabet that maps class ids to characters. Calls are serialised because a SameDiff graph cannot
 * run two inferences at once; large inputs are cut into batches, and more than one batch are spread over the
 * {@link InferenceLanes} (one batch in flight per core, each lane with its own copy of the network, made the
 * first time it is needed).
 *
 * <p>{@link #average} makes an ensemble: one predictor over several networks that read the same input, whose
 * per-position probabilities (each network at its own temperature, over its views) are averaged.
 */
public final class Predictor {

    private static final int BATCH = 128;

    private final CaptchaNetwork network;
    private final Alphabet alphabet;
    private final double temperature;
    /** The network and its copies, one per lane; null until a call needs more than one batch. */
    private List<CaptchaNetwork> laneNetworks;
    /** False: every batch on the calling thread (see {@link #oneStream}). */
    private final boolean useLanes;
    /** The views of each image whose probabilities are averaged ({@link TestTimeShifts#NONE}: the image alone). */
    private final TestTimeShifts views;
    /** For an ensemble, its members (then {@link #network} is the first member's, for its spec); else empty. */
    private final List<Predictor> members;

    /** Takes ownership of {@code network}: pass a {@link CaptchaNetwork#copy()} if anyone else uses it. */
    public Predictor(CaptchaNetwork network, Alphabet alphabet) {
        this(network, alphabet, 1.0);
    }

    /**
     * As {@link #Predictor(CaptchaNetwork, Alphabet)}, reporting probabilities at {@code temperature} (see
     * {@link Calibration}; 1 = the network's own softmax).
     */
    public Predictor(CaptchaNetwork network, Alphabet alphabet, double temperature) {
        this(network, alphabet, temperature, true, TestTimeShifts.NONE, List.of());
    }

    private Predictor(CaptchaNetwork network, Alphabet alphabet, double temperature, boolean useLanes,
            TestTimeShifts views, List<Predictor> members) {
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
        this.useLanes = useLanes;
        this.views = views;
        this.members = List.copyOf(members);
    }

    /**
     * An ensemble: a predictor whose probabilities are the mean of {@code members}' (each at its own temperature
     * and over its own views), at temperature 1. The members must read the same input size, length and alphabet.
     * They stay usable on their own (each member's lock serialises its calls); but an ensemble made by
     * {@link #withShifts} holds new members over the same networks, with locks of their own, so do not use it and
     * this one at once from two threads.
     *
     * @throws IllegalArgumentException for fewer than two members or members that read differently
     */
    public static Predictor average(List<Predictor> members) {
        if (members.size() < 2) {
            throw new IllegalArgumentException("an ensemble needs at least two networks, was " + members.size());
        }
        Predictor first = members.get(0);
        for (Predictor m : members.subList(1, members.size())) {
            String why = first.readsDifferently(m);
            if (why != null) {
                throw new IllegalArgumentException(why);
            }
        }
        return new Predictor(first.network, first.alphabet, 1.0, true, TestTimeShifts.NONE, members);
    }

    /**
     * Why {@code other} cannot join this predictor in an ensemble (in a few words, as "its input is 96x40, not
     * 129x53"), or null when it can.
     */
    public String readsDifferently(Predictor other) {
        NetworkSpec a = spec();
        NetworkSpec b = other.spec();
        if (a.width() != b.width() || a.height() != b.height()) {
            return "its input is " + b.width() + "x" + b.height() + ", not " + a.width() + "x" + a.height();
        }
        if (a.length() != b.length()) {
            return "it reads " + b.length() + " characters, not " + a.length();
        }
        if (!alphabet.equals(other.alphabet)) {
            return "its alphabet is " + other.alphabet.chars() + ", not " + alphabet.chars();
        }
        return null;
    }

    /** How many networks this predictor averages: 1, or an ensemble's member count. */
    public int networks() {
        return members.isEmpty() ? 1 : members.size();
    }

    /**
     * A predictor that runs every batch on the calling thread and never copies {@code network}: for scoring a
     * network that keeps training (a new predictor every epoch). Each lane copy holds native memory (its
     * weights, and the activations SameDiff keeps cached per graph and thread) until the garbage collector
     * notices it is gone, which it may not do for a long time. A 129x53 training run that made a copy per
     * epoch grew to 24 GB in 76 minutes, when the kernel ended it; resumed without the copies it held at 10.2 GB.
     */
    public static Predictor oneStream(CaptchaNetwork network, Alphabet alphabet) {
        return new Predictor(network, alphabet, 1.0, false, TestTimeShifts.NONE, List.of());
    }

    /** The temperature applied to the network's probabilities (1 = none). */
    public double temperature() {
        return temperature;
    }

    /**
     * A predictor over the same network at another temperature (they share it: do not use both at once from two
     * threads). For an ensemble, the temperature applies to the members' mean.
     */
    public Predictor withTemperature(double t) {
        return new Predictor(network, alphabet, t, useLanes, views, members);
    }

    /**
     * A predictor over the same network that averages the probabilities of {@code shifts}' views of each image
     * (test-time augmentation; each view costs one more pass). The temperature applies to the average. They
     * share the network: do not use both at once from two threads. For an ensemble, every member reads the views.
     */
    public Predictor withShifts(TestTimeShifts shifts) {
        if (!members.isEmpty()) {
            return new Predictor(network, alphabet, temperature, useLanes, views,
                    members.stream().map(m -> m.withShifts(shifts)).toList());
        }
        return new Predictor(network, alphabet, temperature, useLanes, shifts, members);
    }

    /**
     * The temperature that calibrates this network's probabilities on labelled images (normally the validation
     * split), ignoring this predictor's own temperature, with the losses before and after. Labels must follow the
     * alphabet. For an ensemble, the temperature of the members' mean (each member keeps its own).
     */
    public Calibration.Fit fitTemperature(List<byte[]> images, List<String> labels) {
        return fitTemperature(images, labels, 1.0);
    }

    /**
     * As {@link #fitTemperature(List, List)}, also reporting the loss at {@code before}, the temperature the run used
     * until now.
     */
    public synchronized Calibration.Fit fitTemperature(List<byte[]> images, List<String> labels, double before) {
        int n = images.size();
        int k = alphabet.size();
        int length = network.spec().length();
        float[][] probs = new float[length][n * k];
        int[][] truth = new int[length][n];
        INDArray[][] batches = batchProbabilities(images);
        for (int b = 0; b < batches.length; b++) {
            int from = b * BATCH;
            int to = Math.min(n, from + BATCH);
            INDArray[] batch = batches[b];
            for (int p = 0; p < length; p++) {
                float[] rows = batch[p].dup('c').data().asFloat();
                System.arraycopy(rows, 0, probs[p], from * k, rows.length);
                for (int i = from; i < to; i++) {
                    truth[p][i] = alphabet.indexOf(labels.get(i).charAt(p));
                }
            }
        }
        return Calibration.fit(probs, truth, k, before);
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
        INDArray[][] batches = batchProbabilities(images);
        for (int b = 0; b < batches.length; b++) {
            int from = b * BATCH;
            int to = Math.min(images.size(), from + BATCH);
            INDArray[] probs = calibrated(batches[b], temperature);
            out.addAll(PredictionDecoder.decode(probs, alphabet, labels == null ? null : labels.subList(from, to), losses, from));
        }
        return out;
    }

    /**
     * Where each position read each image (HWC RGB bytes at the input size), for networks that read by attention;
     * an empty list for the others and for an ensemble (its members look in different places).
     */
    public synchronized List<AttentionMap> attention(List<byte[]> images) {
        if (!members.isEmpty()) {
            return List.of();
        }
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

    /**
     * The network's own probabilities (temperature 1; averaged over the views), one array per position, for each
     * batch of {@link #BATCH} images in order: on the calling thread for a single batch, else on the lanes. For
     * an ensemble, the mean of its members' probabilities, each at the member's temperature.
     */
    private INDArray[][] batchProbabilities(List<byte[]> images) {
        if (!members.isEmpty()) {
            return memberMean(images);
        }
        int n = images.size();
        INDArray[][] out = new INDArray[(n + BATCH - 1) / BATCH][];
        if (out.length == 1 || !useLanes || InferenceLanes.count() < 2) {
            for (int b = 0; b < out.length; b++) {
                out[b] = networkProbabilities(network, images, b, views);
            }
        } else {
            InferenceLanes.run(out.length, laneNetworks(), (net, b) -> out[b] = networkProbabilities(net, images, b, views));
        }
        return out;
    }

    private INDArray[][] memberMean(List<byte[]> images) {
        INDArray[][] sum = null;
        for (Predictor m : members) {
            INDArray[][] probs = m.calibratedBatchProbabilities(images);
            if (sum == null) {
                sum = new INDArray[probs.length][];
            }
            for (int b = 0; b < probs.length; b++) {
                sum[b] = addInto(sum[b], probs[b]);
            }
        }
        for (INDArray[] batch : sum) {
            divide(batch, members.size());
        }
        return sum;
    }

    /** This predictor's probabilities per batch at its own temperature, as an ensemble member gives them. */
    private synchronized INDArray[][] calibratedBatchProbabilities(List<byte[]> images) {
        INDArray[][] batches = batchProbabilities(images);
        for (int b = 0; b < batches.length; b++) {
            batches[b] = calibrated(batches[b], temperature);
        }
        return batches;
    }

    /** Each position's probabilities at temperature {@code t} (the same arrays at 1). */
    private static INDArray[] calibrated(INDArray[] probs, double t) {
        for (int p = 0; p < probs.length; p++) {
            probs[p] = Calibration.apply(probs[p], t);
        }
        return probs;
    }

    /**
     * {@code sum} plus {@code probs}, position by position, in place; for a null {@code sum}, copies of
     * {@code probs}, so the running sum never aliases an array a network's next pass may write into.
     */
    private static INDArray[] addInto(INDArray[] sum, INDArray[] probs) {
        if (sum == null) {
            INDArray[] copy = new INDArray[probs.length];
            for (int p = 0; p < probs.length; p++) {
                copy[p] = probs[p].dup();
            }
            return copy;
        }
        for (int p = 0; p < sum.length; p++) {
            sum[p].addi(probs[p]);
        }
        return sum;
    }

    private static void divide(INDArray[] sum, int count) {
        for (INDArray s : sum) {
            s.divi(count);
        }
    }

    private List<CaptchaNetwork> laneNetworks() {
        if (laneNetworks == null) {
            laneNetworks = InferenceLanes.networksFor(network);
        }
        return laneNetworks;
    }

    private static INDArray[] networkProbabilities(CaptchaNetwork net, List<byte[]> images, int batch, TestTimeShifts views) {
        int from = batch * BATCH;
        int to = Math.min(images.size(), from + BATCH);
        List<byte[]> slice = images.subList(from, to);
        NetworkSpec spec = net.spec();
        INDArray[] sum = null;
        for (TestTimeShifts.Shift shift : views.shifts()) {
            List<byte[]> view = new ArrayList<>(slice.size());
            for (byte[] img : slice) {
                view.add(TestTimeShifts.shifted(img, spec.width(), spec.height(), shift));
            }
            INDArray[] probs = net.probabilities(ImageTensors.images(view, spec));
            if (views.views() == 1) {
                return probs;
            }
            sum = addInto(sum, probs);
        }
        divide(sum, views.views());
        return sum;
    }
}
