package org.captchalab.ui.backend;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.captchalab.dataset.Alphabet;
import org.captchalab.dataset.ImageSize;
import org.captchalab.dataset.PixelEncoder;
import org.captchalab.model.CaptchaNetwork;
import org.captchalab.model.NetworkSpec;
import org.captchalab.model.PositionPrediction;
import org.captchalab.model.Preset;
import org.captchalab.model.SequencePrediction;
import org.captchalab.ui.shared.Candidate;
import org.captchalab.ui.shared.SamplePrediction;

/**
 * The real {@link ModelService} over the model package's SameDiff network and predictor. Runs are trained by
 * {@link GuiTrainingRun} on their own thread.
 */
public final class Dl4jModelService implements ModelService {

    @Override
    public List<RunSummary> runs(Path modelsFolder) throws RuntimeException {
        try {
            return RunFiles.list(modelsFolder);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot list " + modelsFolder + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Predictor load(RunSummary run) throws Exception {
        JsonNode j = RunFiles.read(run.folder());
        Alphabet alphabet = new Alphabet(j.path("alphabet").asText());
        NetworkSpec spec = new NetworkSpec(Preset.parse(j.path("preset").asText("seed")), j.path("width").asInt(),
                j.path("height").asInt(), j.path("length").asInt(), alphabet.size());
        CaptchaNetwork net = CaptchaNetwork.load(run.folder().resolve(RunFiles.NETWORK), spec,
                j.path("learning_rate").asDouble(1e-3), false);
        return adapt(run.name(), new org.captchalab.model.Predictor(net, alphabet));
    }

    /** Wraps the model's predictor: images are brought to the input size and encoded as the trainer does. */
    static Predictor adapt(String name, org.captchalab.model.Predictor p) {
        ImageSize size = new ImageSize(p.spec().width(), p.spec().height());
        return new Predictor() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public List<SamplePrediction> predict(List<BufferedImage> images) {
                List<byte[]> encoded = new ArrayList<>(images.size());
                for (BufferedImage img : images) {
                    encoded.add(PixelEncoder.rgb(img, size));
                }
                return p.predict(encoded).stream().map(Dl4jModelService::convert).toList();
            }
        };
    }

    static SamplePrediction convert(SequencePrediction s) {
        List<List<Candidate>> positions = new ArrayList<>();
        for (PositionPrediction pp : s.positions()) {
            positions.add(pp.top().stream().map(c -> new Candidate(c.character(), c.probability())).toList());
        }
        return new SamplePrediction(positions);
    }

    @Override
    public TrainingSession start(Workspace workspace, TrainingRequest request, TrainingEvents events) {
        GuiTrainingRun run = new GuiTrainingRun(workspace, request, events);
        Thread t = new Thread(run, "training-" + request.runName());
        t.setDaemon(true);
        t.setPriority(Thread.NORM_PRIORITY - 1);
        t.start();
        return run;
    }

    @Override
    public List<BufferedImage> augmentationPreview(Workspace workspace, int count, long seed) throws Exception {
        Random r = new Random(seed);
        int n = workspace.rows().size();
        List<BufferedImage> out = new ArrayList<>();
        for (int i = 0; i < count && n > 0; i++) {
            out.add(Augmentation.apply(workspace.image(r.nextInt(n)), r));
        }
        return out;
    }

    @Override
    public String dashboardUrl(RunSummary run) {
        return DashboardServer.address();
    }
}
