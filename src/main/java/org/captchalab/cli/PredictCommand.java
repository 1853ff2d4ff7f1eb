package org.captchalab.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.captchalab.dataset.ImageDecodeException;
import org.captchalab.dataset.ImageDecoder;
import org.captchalab.dataset.ImageSize;
import org.captchalab.dataset.PixelEncoder;
import org.captchalab.model.Candidate;
import org.captchalab.model.PositionPrediction;
import org.captchalab.model.SavedModel;
import org.captchalab.model.SequencePrediction;
import org.captchalab.model.TrainingImageSizes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code predict --model MODEL_DIR [--model MODEL_DIR...] FILE... [--tta [--tta-reach N]] [--json]}: per position the
 * top three characters, from one model or an ensemble. Files that cannot be read are named with the reason and make the
 * exit status 1; the others are read all the same. Images of another size than those the model was trained on get a
 * note on stderr, one per size, and are read all the same.
 */
@Command(name = "predict", mixinStandardHelpOptions = true,
        description = "Read captcha images with a saved model: per position the top three characters with probabilities."
                + " A file that cannot be read is named on stderr with the reason (and in the JSON with \"error\"),"
                + " the others are read all the same, and the exit status is 1.")
public final class PredictCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ModelArgs modelArgs;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "images")
    List<Path> files;

    @Option(names = "--json", description = "print JSON")
    boolean json;

    @Mixin
    TtaArgs tta;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        tta.check();
        List<SavedModel> models = ModelOnData.loadTogether(modelArgs.dirs, err);
        if (models == null) {
            return 1;
        }
        SavedModel model = models.get(0);
        List<Read> reads = new ArrayList<>();
        for (Path f : files) {
            try {
                BufferedImage image = ImageDecoder.decode(f);
                reads.add(new Read(f, new ImageSize(image.getWidth(), image.getHeight()),
                        PixelEncoder.rgb(image, model.info().inputSize()), null));
            } catch (ImageDecodeException e) {
                reads.add(new Read(f, null, null, e.reason()));
                // the reason alone: the exception's message names the file too
                err.println(f + ": " + e.reason());
            }
        }
        // every run's training images count, as in eval: joining compared the runs' input sizes, not their images
        sizeNotes(reads.stream().filter(Read::ok).toList(), new TrainingImageSizes(models)).forEach(n -> err.println("note: " + n));
        List<byte[]> images = reads.stream().filter(Read::ok).map(Read::pixels).toList();
        List<SequencePrediction> preds = images.isEmpty() ? List.of()
                : tta.apply(SavedModel.together(models)).predict(images);
        if (json) {
            out.println(toJson(reads, preds));
        } else {
            int next = 0;
            for (Read r : reads) {
                if (r.ok()) {
                    out.println(line(r.file(), preds.get(next++)));
                }
            }
        }
        out.flush();
        long failed = reads.stream().filter(r -> !r.ok()).count();
        if (failed == reads.size() && reads.size() > 1) {
            err.println("error: none of the " + reads.size() + " files could be read");
        }
        return failed > 0 ? 1 : 0;
    }

    /** One FILE: its own size and its pixels at the model's input size, or why it could not be read. */
    private record Read(Path file, ImageSize size, byte[] pixels, String error) {
        boolean ok() {
            return error == null;
        }
    }

    /**
     * One line for each size, among the files read, that is unlike the images a run was trained on
     * ({@link TrainingImageSizes#unlike}), in the order the sizes first appear: "3 of 5 images are 160x60; the model
     * was trained on 129x53 images (each is resized to its 96x40 input)", naming the file when it is the only one of
     * its size, and for an ensemble the runs whose images these are unlike. Such images are still read: a note, not an
     * error.
     */
    private static List<String> sizeNotes(List<Read> read, TrainingImageSizes trained) {
        Map<ImageSize, List<Path>> bySize = new LinkedHashMap<>();
        for (Read r : read) {
            bySize.computeIfAbsent(r.size(), s -> new ArrayList<>()).add(r.file());
        }
        List<String> notes = new ArrayList<>();
        bySize.forEach((size, files) -> trained.unlike(size).ifPresent(told -> {
            String which = files.size() == 1 ? files.get(0) + " is"
                    : (files.size() == read.size() ? "all " + read.size() : files.size() + " of " + read.size())
                    + " images are";
            notes.add(which + " " + size + "; " + told);
        }));
        return notes;
    }

    /**
     * One object per FILE, in the order given: {@code file}, {@code text}, {@code confidence} (the product of the
     * positions' probabilities, {@link SequencePrediction#confidence()}) and {@code positions} for a file read; {@code file} and {@code error} (the reason) for one that could not be.
     */
    private static String toJson(List<Read> reads, List<SequencePrediction> preds) throws Exception {
        ObjectMapper m = new ObjectMapper();
        ArrayNode arr = m.createArrayNode();
        int next = 0;
        for (Read r : reads) {
            ObjectNode o = arr.addObject();
            o.put("file", r.file().toString());
            if (!r.ok()) {
                o.put("error", r.error());
                continue;
            }
            SequencePrediction pred = preds.get(next++);
            o.put("text", pred.text());
            o.put("confidence", pred.confidence());
            ArrayNode positions = o.putArray("positions");
            for (PositionPrediction p : pred.positions()) {
                ArrayNode top = positions.addObject().put("best", String.valueOf(p.best()))
                        .put("probability", p.probability()).putArray("top");
                for (Candidate c : p.top()) {
                    top.addObject().put("char", String.valueOf(c.character())).put("probability", c.probability());
                }
            }
        }
        return m.writerWithDefaultPrettyPrinter().writeValueAsString(arr);
    }

    /** A file read, as a console line: the text, then per position the top three with their probabilities. */
    private static String line(Path file, SequencePrediction pred) {
        StringBuilder sb = new StringBuilder(file + ": " + pred.text());
        for (PositionPrediction p : pred.positions()) {
            sb.append("  [");
            for (Candidate c : p.top()) {
                sb.append(String.format(Locale.ROOT, " %c %.3f", c.character(), c.probability()));
            }
            sb.append(" ]");
        }
        return sb.toString();
    }
}
