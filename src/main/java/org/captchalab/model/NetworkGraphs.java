package org.captchalab.model;

import java.util.List;
import org.nd4j.autodiff.loss.LossReduce;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Builds the SameDiff graph of a preset. Variable names are the contract with {@link CaptchaNetwork}:
 * placeholder {@code input} [B,H,W,3] in [0,1], {@code label<i>} one-hot [B,K], optional {@code drop_mask};
 * outputs {@code prob<i>} [B,K]; losses {@code loss<i>} (softmax cross-entropy, mean over the batch), which
 * SameDiff sums into the training objective.
 */
final class NetworkGraphs {

    static final String INPUT = "input";
    static final String DROP_MASK = "drop_mask";
    /** Suffixes of the batch-norm statistics (see {@link GraphLayers#batchNorm}). */
    static final String POP_MEAN = "_pop_mean";
    static final String POP_VAR = "_pop_var";
    static final String BATCH_MEAN = "_batch_mean";
    static final String BATCH_VAR = "_batch_var";

    private NetworkGraphs() {
    }

    static String label(int i) {
        return "label" + i;
    }

    static String prob(int i) {
        return "prob" + i;
    }

    static String loss(int i) {
        return "loss" + i;
    }

    /** The built graph with what the network needs to know about it. */
    record Built(SameDiff sd, List<LayerSummary> layers, int features) {
    }

    /**
     * The seed trunk behaves the same in training and inference, so its probabilities and losses come from the
     * same logits. The strong and attention trunks (batch norm, dropout) are built twice over the same weights: a training path
     * that ends in the losses (minibatch statistics, dropout) and an inference path that ends in the
     * probabilities (population statistics, no dropout). SameDiff runs only the ops an output needs, so a
     * training step never computes the inference path and a prediction never the training one.
     */
    static Built build(NetworkSpec spec, long seed) {
        Preset preset = spec.preset();
        int min = preset.minimumInputSide();
        if (spec.width() < min || spec.height() < min) {
            // said before a layer finds nothing left: the user knows image sizes and presets, not layer names
            throw new IllegalArgumentException("an input of " + spec.width() + "x" + spec.height() + " is too small for the "
                    + preset.id() + " preset, which needs at least " + min + "x" + min);
        }
        SameDiff sd = SameDiff.create();
        GraphLayers g = new GraphLayers(sd, seed, spec.height(), spec.width(), NetworkSpec.CHANNELS);
        SDVariable x = sd.placeHolder(INPUT, DataType.FLOAT, -1, spec.height(), spec.width(), NetworkSpec.CHANNELS);
        g.input(x);
        boolean twoPaths = spec.preset().twoPaths();
        SDVariable features = trunk(spec, g, x);
        int f = g.features();
        GraphLayers gi = twoPaths ? g.inferencePass() : null;
        SDVariable inferenceFeatures = twoPaths ? trunk(spec, gi, x) : features;
        boolean attends = spec.preset() == Preset.ATTENTION;
        int headIn = attends ? g.channels() : f;
        String[] losses = new String[spec.length()];
        for (int i = 0; i < spec.length(); i++) {
            SDVariable in = attends ? g.positionFeatures(features, i) : features;
            SDVariable logits = g.denseLogits(in, "head" + i, headIn, spec.classes());
            SDVariable inferenceLogits = logits;
            if (twoPaths) {
                SDVariable inferenceIn = attends ? gi.positionFeatures(inferenceFeatures, i) : inferenceFeatures;
                inferenceLogits = gi.denseLogits(inferenceIn, "head" + i, headIn, spec.classes());
            }
            sd.nn.softmax(prob(i), inferenceLogits, 1);
            if (twoPaths) {
                sd.nn.softmax(trainingProb(i), logits, 1);
            }
            SDVariable label = sd.placeHolder(label(i), DataType.FLOAT, -1, spec.classes());
            sd.loss.softmaxCrossEntropy(loss(i), label, logits, null, LossReduce.MEAN_BY_NONZERO_WEIGHT_COUNT,
                    spec.preset().labelSmoothing());
            losses[i] = loss(i);
        }
        sd.setLossVariables(losses);
        return new Built(sd, List.copyOf(g.layers()), f);
    }

    /** The training path's probabilities (minibatch statistics; dropout as the mask says), for tests. */
    static String trainingProb(int i) {
        return "train_prob" + i;
    }

    private static SDVariable trunk(NetworkSpec spec, GraphLayers g, SDVariable x) {
        return switch (spec.preset()) {
            case SEED -> seedTrunk(g, x);
            case STRONG -> strongTrunk(g, x);
            case ATTENTION -> attentionTrunk(g, x, spec.length());
        };
    }

    private static SDVariable seedTrunk(GraphLayers g, SDVariable x) {
        SDVariable a = g.maxPool(g.conv(x, 32, false));
        a = g.relu(g.maxPool(g.conv(a, 32, false)));
        a = g.relu(g.maxPool(g.conv(a, 32, false)));
        a = g.relu(g.maxPool(g.conv(a, 32, false)));
        return g.relu(g.flatten(a));
    }

    private static SDVariable strongTrunk(GraphLayers g, SDVariable x) {
        return g.dropout(g.flatten(strongBlocks(g, x, true)), DROP_MASK, Preset.STRONG.dropoutKeep());
    }

    /** The strong trunk's blocks, the last without pooling, then one attention read per position. */
    private static SDVariable attentionTrunk(GraphLayers g, SDVariable x, int positions) {
        return g.dropout(g.attentionPool(strongBlocks(g, x, false), positions), DROP_MASK,
                Preset.ATTENTION.dropoutKeep());
    }

    /**
     * Conv 3x3 same > MaxPool 2 > BatchNorm > ReLU for each filter count of the strong trunk; the last block pools
     * only if asked.
     */
    private static SDVariable strongBlocks(GraphLayers g, SDVariable x, boolean poolLast) {
        SDVariable a = x;
        int[] filters = Preset.STRONG_FILTERS;
        for (int b = 0; b < filters.length; b++) {
            SDVariable conv = g.conv(a, filters[b], true);
            // normalisation and ReLU after pooling: on a quarter of the values, which matters most for the first
            // block (its full-size activation is 64x53x129x32 floats per minibatch)
            a = g.relu(g.batchNorm(poolLast || b < filters.length - 1 ? g.maxPool(conv) : conv));
        }
        return a;
    }
}
