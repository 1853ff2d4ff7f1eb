package org.captchalab.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.captchalab.dataset.ErrorLines;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * A network file as {@link CaptchaNetwork#save} wrote it, read back: the graph, or a refusal in the user's words
 * when SameDiff cannot read it or it is not one of our networks, and the shape the graph has, checked against what a
 * run.json says or told from the graph itself. What a file on disk may be is its own question, apart from what a
 * network does once it is loaded.
 */
final class NetworkFile {

    private NetworkFile() {
    }

    /**
     * The graph in {@code file}.
     *
     * @param shownAs how the refusal names the file
     * @throws ModelFormatException naming the file and what is wrong with it when SameDiff cannot read it
     */
    static SameDiff read(Path file, String shownAs, boolean withUpdaterState) {
        try {
            return SameDiff.load(file.toFile(), withUpdaterState);
        } catch (RuntimeException e) {
            throw new ModelFormatException(shownAs + " is not a readable SameDiff network (" + damage(file) + ")", e);
        }
    }

    /** What is wrong with a network file SameDiff could not read, in the user's words (the cause goes to the log). */
    private static String damage(Path file) {
        try {
            if (!Files.exists(file)) {
                return "the file is missing";
            }
            return Files.size(file) == 0 ? "the file is empty" : "the file is damaged or cut short";
        } catch (IOException e) {
            return "the file cannot be read: " + ErrorLines.reason(e);
        }
    }

    /**
     * The shape of the graph read from the graph itself: the preset (attention layers make it {@link Preset#ATTENTION},
     * a dropout mask without them {@link Preset#STRONG}, neither {@link Preset#SEED}), the input size, the number of
     * positions and of classes.
     *
     * @throws ModelFormatException when the graph is not a CaptchaLab network
     */
    static NetworkSpec shapeOf(SameDiff sd, Path file) {
        SDVariable in = sd.getVariable(NetworkGraphs.INPUT);
        long[] shape = in == null ? null : in.getShape();
        if (shape == null || shape.length != 4 || !sd.hasVariable(NetworkGraphs.prob(0)) || !sd.hasVariable("head0_W")) {
            throw new ModelFormatException(file + " is not a CaptchaLab network (no input/prob0/head0)");
        }
        int length = 0;
        while (sd.hasVariable(NetworkGraphs.prob(length))) {
            length++;
        }
        return new NetworkSpec(presetOf(sd), Math.toIntExact(shape[2]), Math.toIntExact(shape[1]), length,
                Math.toIntExact(sd.getArrForVarName("head0_W").size(1)));
    }

    /**
     * The width of the dropout mask: the placeholder's own, which is the heads' input width for the flattening
     * presets but all positions' features together for {@link Preset#ATTENTION}, whose heads each read a part.
     */
    static int maskWidth(SameDiff sd) {
        SDVariable mask = sd.hasVariable(NetworkGraphs.DROP_MASK) ? sd.getVariable(NetworkGraphs.DROP_MASK) : null;
        long[] shape = mask == null ? null : mask.getShape();
        if (shape != null && shape.length == 2 && shape[1] > 0) {
            return Math.toIntExact(shape[1]);
        }
        return Math.toIntExact(sd.getArrForVarName("head0_W").size(0));
    }

    /**
     * Refuses a graph that has not the shape {@code spec} (a run.json) says, naming the file and what differs.
     *
     * @throws ModelFormatException when the graph is not a CaptchaLab network or not of that shape
     */
    static void checkShape(SameDiff sd, NetworkSpec spec, Path file) {
        SDVariable in = sd.getVariable(NetworkGraphs.INPUT);
        if (in == null || sd.getVariable(NetworkGraphs.prob(0)) == null || !sd.hasVariable("head0_W")) {
            throw new ModelFormatException(file.getFileName() + " is not a CaptchaLab network (no input/prob0/head0)");
        }
        long[] shape = in.getShape();
        if (shape == null || shape.length != 4 || shape[1] != spec.height() || shape[2] != spec.width()) {
            throw new ModelFormatException(file.getFileName() + " takes a different input size than run.json says");
        }
        if (!sd.hasVariable(NetworkGraphs.prob(spec.length() - 1)) || sd.hasVariable(NetworkGraphs.prob(spec.length()))) {
            throw new ModelFormatException(file.getFileName() + " has a different number of positions than run.json says");
        }
        if (sd.getArrForVarName("head0_W").size(1) != spec.classes()) {
            throw new ModelFormatException(file.getFileName() + " has a different number of classes than run.json says");
        }
        // a run.json naming another preset
        Preset built = presetOf(sd);
        if (built != spec.preset()) {
            throw new ModelFormatException(file.getFileName() + " is " + (built.id().matches("[aeiou].*") ? "an " : "a ") + built.id() + " network, run.json says "
                    + spec.preset().id());
        }
    }

    /**
     * The preset that built a graph, told by its layers: only {@code attention} has an attention layer, only
     * {@code seed} no batch normalisation.
     */
    private static Preset presetOf(SameDiff sd) {
        if (sd.variableMap().keySet().stream().anyMatch(v -> v.startsWith(GraphLayers.ATTENTION_LAYER))) {
            return Preset.ATTENTION;
        }
        return sd.variableMap().keySet().stream().anyMatch(v -> v.startsWith(GraphLayers.NORMALISATION_LAYER))
                ? Preset.STRONG : Preset.SEED;
    }
}
