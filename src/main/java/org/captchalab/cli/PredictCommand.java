package org.captchalab.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.captchalab.dataset.ImageDecodeException;
import org.captchalab.dataset.ImageDecoder;
import org.captchalab.dataset.PixelEncoder;
import org.captchalab.model.Candidate;
import org.captchalab.model.PositionPrediction;
import org.captchalab.model.SavedModel;
import org.captchalab.model.SequencePrediction;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code predict --model MODEL_DIR [--model MODEL_DIR...] FILE... [--tta [--tta-reach N]] [--json]}: per position the
 * top three characters, from one model or an ensemble.
 */
@Command(name = "predict", mixinStandardHelpOptions = true,
        description = "Read captcha images with a saved model: per position the top three characters with probabilities.")
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
        if (tta.problem() != null) {
            err.println("error: " + tta.problem());
            return 2;
        }
        List<SavedModel> models = ModelOnData.loadTogether(modelArgs.dirs, err);
        if (models == null) {
            return 1;
        }
        SavedModel model = models.get(0);
        List<Path> ok = new ArrayList<>();
        List<byte[]> images = new ArrayList<>();
        for (Path f : files) {
            try {
                images.add(PixelEncoder.rgb(ImageDecoder.decode(f), model.info().inputSize()));
                ok.add(f);
            } catch (ImageDecodeException e) {
                // the reason alone: the exception's message names the file too
                err.println(f + ": " + e.reason());
            }
        }
        if (ok.isEmpty()) {
            if (files.size() > 1) {
                err.println("error: none of the " + files.size() + " files could be read");
            }
            return 1;
        }
        List<SequencePrediction> preds = tta.apply(SavedModel.together(models)).predict(images);
        if (json) {
            ObjectMapper m = new ObjectMapper();
            ArrayNode arr = m.createArrayNode();
            for (int i = 0; i < preds.size(); i++) {
                ObjectNode o = arr.addObject();
                o.put("file", ok.get(i).toString());
                o.put("text", preds.get(i).text());
                o.put("confidence", preds.get(i).confidence());
                ArrayNode positions = o.putArray("positions");
                for (PositionPrediction p : preds.get(i).positions()) {
                    ArrayNode top = positions.addObject().put("best", String.valueOf(p.best()))
                            .put("probability", p.probability()).putArray("top");
                    for (Candidate c : p.top()) {
                        top.addObject().put("char", String.valueOf(c.character())).put("probability", c.probability());
                    }
                }
            }
            out.println(m.writerWithDefaultPrettyPrinter().writeValueAsString(arr));
        } else {
            for (int i = 0; i < preds.size(); i++) {
                StringBuilder sb = new StringBuilder(ok.get(i) + ": " + preds.get(i).text());
                for (PositionPrediction p : preds.get(i).positions()) {
                    sb.append("  [");
                    for (Candidate c : p.top()) {
                        sb.append(String.format(Locale.ROOT, " %c %.3f", c.character(), c.probability()));
                    }
                    sb.append(" ]");
                }
                out.println(sb);
            }
        }
        out.flush();
        return 0;
    }
}
