package org.captchalab.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Predicate;
import org.captchalab.dataset.CaptchaSample;
import org.captchalab.dataset.Dataset;
import org.captchalab.dataset.DatasetLoader;
import org.captchalab.dataset.LabelExport;
import org.captchalab.dataset.OutputTargets;
import org.captchalab.model.Confusion;
import org.captchalab.model.EvalReport;
import org.captchalab.model.Evaluator;
import org.captchalab.model.Misread;
import org.captchalab.model.ModelFolder;
import org.captchalab.model.Predictor;
import org.captchalab.model.SequencePrediction;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code eval DIR --model MODEL_DIR [--model MODEL_DIR...] [--split test|val|train|all] [--tta [--tta-reach N]]
 * [--misread FILE] [--json]}: accuracy and confusions, of one model or of an ensemble that averages several, and
 * the images it read wrongly.
 */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = "Evaluate a saved model on a dataset split: full-sequence and per-position accuracy, confusions, "
                + "and the images read wrongly.")
public final class EvalCommand implements Callable<Integer> {

    private static final int CONFUSIONS_SHOWN = 10;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DIR", description = "the dataset folder")
    Path dir;

    @Mixin
    DatasetArgs datasetArgs;

    @Mixin
    ModelArgs modelArgs;

    @Option(names = "--split", defaultValue = "test", paramLabel = "test|val|train|all", description = "which images (default ${DEFAULT-VALUE})")
    String split;

    @Option(names = "--json", description = "print JSON")
    boolean json;

    @Option(names = "--misread", paramLabel = "FILE",
            description = "also write the images read wrongly to this CSV (file,label,predicted,wrong_positions,confidence,"
                    + "conflict), the most confident reading first (the product of the positions' probabilities): those are often"
                    + " wrong labels; conflicting duplicates (left out of the figures) are listed too, with conflict true")
    Path misreadCsv;

    @Mixin
    TtaArgs tta;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (!List.of("test", "val", "train", "all").contains(split.toLowerCase(Locale.ROOT))) {
            err.println("error: --split must be test, val, train or all (got " + split + ")");
            return 2;
        }
        tta.check();
        if (misreadCsv != null) {
            checkMisreadTarget();
        }
        ModelOnData opened = ModelOnData.open(modelArgs.dirs, dir, datasetArgs, err);
        if (opened == null) {
            return 1;
        }
        // before the check below: when problems left every image out, they are the reason there is nothing to read
        opened.data().problemsNote().ifPresent(n -> err.println("note: " + n));
        List<CaptchaSample> samples = opened.data().samples(split);
        if (samples.isEmpty()) {
            err.println("error: " + noImages(opened.data()));
            return 1;
        }
        // the conflicting duplicates are read only for the list of misreads: at most one label of each group is
        // right, so they measure nothing and stay out of the figures, but the model's confident disagreement with one
        // of them is how a wrong label shows, which is what the list is for (as the window's "Likely mislabelled")
        Dataset dataset = opened.data().dataset();
        Predicate<CaptchaSample> inConflict = s -> dataset.isConflicting(s.path());
        List<CaptchaSample> conflicting = json || misreadCsv != null ? opened.data().conflicting(split) : List.of();
        List<CaptchaSample> read = new ArrayList<>(samples);
        read.addAll(conflicting);
        ModelOnData.Decoded decoded = opened.decode(read, err);
        // in the order given, so the scored images come first and the conflicting ones after them
        List<CaptchaSample> readable = decoded.samples();
        int scored = (int) readable.stream().filter(inConflict.negate()).count();
        if (scored == 0) {
            err.println("error: no image of the " + split.toLowerCase(Locale.ROOT) + " split of " + dir + " decodes, so there is nothing to evaluate");
            return 1;
        }
        List<String> labels = readable.stream().map(CaptchaSample::label).toList();
        Predictor predictor = tta.apply(opened.predictor());
        double[] losses = new double[readable.size()];
        List<SequencePrediction> predictions = predictor.predict(decoded.images(), labels, losses);
        EvalReport r = Evaluator.score(predictions.subList(0, scored), labels.subList(0, scored),
                Arrays.copyOf(losses, scored), predictor.spec().length());
        List<Misread> misreads = EvalReport.misreads(predictions, labels);
        if (json) {
            out.println(toJson(r, misreads, readable, inConflict));
        } else {
            out.printf(Locale.ROOT, "%s split of %s: %d images%s%s%n", split.toLowerCase(Locale.ROOT), dir, r.count(),
                    modelArgs.ensemble() ? ", read by an ensemble of " + modelArgs.dirs.size() + " models" : "",
                    tta.active() ? ", each read in " + tta.shifts().views() + " views (shifted by up to " + tta.reach() + " px)" : "");
            out.printf(Locale.ROOT, "full-sequence accuracy %.4f%n", r.sequenceAccuracy());
            out.println("per-position accuracy " + ConsoleProgress.percentages(r.positionAccuracy()));
            for (int p = 0; p < r.confusions().size(); p++) {
                List<Confusion> c = r.confusions().get(p);
                StringBuilder sb = new StringBuilder("position " + (p + 1) + " confusions (true->predicted x count):");
                if (c.isEmpty()) {
                    sb.append(" none");
                }
                for (Confusion k : c.subList(0, Math.min(CONFUSIONS_SHOWN, c.size()))) {
                    sb.append(' ').append(k.truth()).append("->").append(k.predicted()).append(" x").append(k.count());
                }
                out.println(sb);
            }
        }
        out.flush();
        if (misreadCsv != null) {
            try {
                writeMisreads(misreadCsv, misreads, readable, inConflict);
            } catch (IOException e) {
                err.println("error: cannot write " + misreadCsv + ": " + UserMessages.oneLine(e));
                return 1;
            }
            if (!json) {
                long listedInConflict = misreads.stream().filter(m -> inConflict.test(readable.get(m.index()))).count();
                // said whenever conflicting duplicates were read, so that none listed is news too
                out.println("wrote " + misreads.size() + " misread image(s) to " + misreadCsv + ", the most confident first"
                        + (readable.size() > scored ? "; " + listedInConflict + " of them "
                        + (listedInConflict == 1 ? "is a conflicting duplicate" : "are conflicting duplicates")
                        + " (of " + (readable.size() - scored) + " read: a byte-identical image carries another label),"
                        + " which the figures above leave out" : ""));
                out.flush();
            }
        }
        return 0;
    }

    /**
     * Refuses, before the evaluation (so it is not wasted), a --misread file that would replace one of the dataset's
     * images or its labels file or one of a saved run's files, or that is a folder or cannot be made.
     */
    private void checkMisreadTarget() {
        OutputTargets.csvRefusal(dir, misreadCsv).or(() -> SavedRunFiles.refusal(misreadCsv)).ifPresent(why -> {
            throw new UsageError("--misread " + misreadCsv + ": " + why);
        });
        Path labels = datasetArgs.labels != null ? datasetArgs.labels : dir.resolve(DatasetLoader.LABELS_CSV);
        if (OutputTargets.sameFile(labels, misreadCsv)) {
            throw new UsageError("--misread " + misreadCsv + ": it is the dataset's labels file, which the list of"
                    + " misread images would replace; name another file");
        }
    }

    /** Why the chosen split has no images to read, in one line naming the folder. */
    private String noImages(SplitData data) {
        Dataset d = data.dataset();
        if (d.samples().isEmpty()) {
            return dir + ": no usable images found, so there is nothing to evaluate";
        }
        int trainable = d.trainable().size();
        if (trainable == 0) {
            return dir + ": none of its " + d.samples().size() + " image(s) has a usable label (labelled, and not in a"
                    + " conflict), so there is nothing to evaluate";
        }
        return "the " + split.toLowerCase(Locale.ROOT) + " split of " + dir + " has no images (of its " + trainable
                + " labelled image(s)); --split all reads every one";
    }

    /**
     * Writes the misreads as CSV: file (relative to the dataset), label, predicted, wrong positions (from 1),
     * confidence, and whether the image is a conflicting duplicate (last, so readers of the first five still work).
     */
    static void writeMisreads(Path csv, List<Misread> misreads, List<CaptchaSample> samples,
                              Predicate<CaptchaSample> inConflict) throws IOException {
        Files.createDirectories(csv.toAbsolutePath().normalize().getParent());
        ModelFolder.writeAtomically(csv, misreadsCsv(misreads, samples, inConflict));
    }

    static String misreadsCsv(List<Misread> misreads, List<CaptchaSample> samples, Predicate<CaptchaSample> inConflict) {
        StringBuilder sb = new StringBuilder("file,label,predicted,wrong_positions,confidence,conflict\n");
        for (Misread m : misreads) {
            CaptchaSample sample = samples.get(m.index());
            sb.append(LabelExport.quote(sample.path())).append(',')
                    .append(LabelExport.quote(m.label())).append(',')
                    .append(LabelExport.quote(m.predicted())).append(',')
                    .append(String.join(" ", m.wrongPositions().stream().map(p -> String.valueOf(p + 1)).toList())).append(',')
                    .append(String.format(Locale.ROOT, "%.4f", m.confidence())).append(',')
                    .append(inConflict.test(sample)).append('\n');
        }
        return sb.toString();
    }

    private String toJson(EvalReport r, List<Misread> misreads, List<CaptchaSample> samples,
                          Predicate<CaptchaSample> inConflict) throws Exception {
        ObjectMapper m = new ObjectMapper();
        ObjectNode root = m.createObjectNode();
        root.put("split", split.toLowerCase(Locale.ROOT));
        root.put("model", String.join(" + ", modelArgs.dirs.stream().map(Path::toString).toList()));
        ArrayNode models = root.putArray("models");
        modelArgs.dirs.forEach(d -> models.add(d.toString()));
        root.put("count", r.count());
        root.put("test_time_views", tta.shifts().views());
        root.put("full_sequence_accuracy", r.sequenceAccuracy());
        ArrayNode pos = root.putArray("per_position_accuracy");
        for (double a : r.positionAccuracy()) {
            pos.add(a);
        }
        root.put("loss", r.loss());
        ArrayNode conf = root.putArray("confusions");
        for (List<Confusion> list : r.confusions()) {
            ArrayNode perPos = conf.addArray();
            for (Confusion c : list) {
                ObjectNode o = perPos.addObject();
                o.put("true", String.valueOf(c.truth()));
                o.put("predicted", String.valueOf(c.predicted()));
                o.put("count", c.count());
            }
        }
        ArrayNode wrong = root.putArray("misread");
        for (Misread w : misreads) {
            ObjectNode o = wrong.addObject();
            o.put("file", samples.get(w.index()).path());
            o.put("label", w.label());
            o.put("predicted", w.predicted());
            ArrayNode at = o.putArray("wrong_positions");
            w.wrongPositions().forEach(p -> at.add(p + 1));
            o.put("confidence", w.confidence());
            o.put("conflict", inConflict.test(samples.get(w.index())));
        }
        return m.writerWithDefaultPrettyPrinter().writeValueAsString(root);
    }
}
