package org.captchalab.ui.backend;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;
import org.captchalab.dataset.ErrorLines;
import org.captchalab.dataset.ImageSize;
import org.captchalab.dataset.PixelEncoder;
import org.captchalab.model.AttentionMap;
import org.captchalab.model.ModelFolder;
import org.captchalab.model.PositionPrediction;
import org.captchalab.model.RunInfo;
import org.captchalab.model.SavedModel;
import org.captchalab.model.TrainingImageSizes;
import org.captchalab.model.SequencePrediction;
import org.captchalab.model.TestTimeShifts;
import org.captchalab.training.Augmenter;
import org.captchalab.training.Dashboard;
import org.captchalab.training.DashboardException;
import org.captchalab.training.TrainingStats;
import org.captchalab.ui.shared.Candidate;
import org.captchalab.ui.shared.SamplePrediction;
import org.deeplearning4j.ui.api.UIServer;
import org.deeplearning4j.ui.model.storage.FileStatsStorage;

/**
 * The real {@link ModelService} over the model and training packages: saved runs are {@link ModelFolder}s,
 * prediction uses their {@link org.captchalab.model.Predictor}, training runs a
 * {@link org.captchalab.training.TrainingJob} ({@link GuiTrainingRun}), the preview uses the trainer's own
 * {@link Augmenter}, and the dashboard serves the run's recorded DL4J statistics.
 */
public final class Dl4jModelService implements ModelService {

    private FileStatsStorage attached;
    private Path attachedFile;
    private UIServer attachedTo;

    @Override
    public List<RunSummary> runs(Path modelsFolder) {
        List<RunSummary> runs = new ArrayList<>();
        if (!Files.isDirectory(modelsFolder)) {
            return runs;
        }
        try (Stream<Path> dirs = Files.list(modelsFolder)) {
            for (Path dir : dirs.filter(d -> Files.isRegularFile(d.resolve(ModelFolder.RUN_JSON))).toList()) {
                try {
                    runs.add(summary(dir, ModelFolder.readInfo(dir)));
                } catch (RuntimeException e) {
                    // A broken run folder is left out of the list; loading it by hand says why.
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + modelsFolder + ": " + ErrorLines.reason(e), e);
        }
        runs.sort(Comparator.comparingLong(RunSummary::savedAtMillis).reversed());
        return runs;
    }

    static RunSummary summary(Path dir, RunInfo info) {
        Map<String, Object> fin = info.finalMetrics() == null ? Map.of() : info.finalMetrics();
        long saved = savedAt(dir, info);
        return new RunSummary(dir.getFileName().toString(), dir, info.preset(), number(fin.get("epochs"), -1),
                number(fin.get("val_sequence_accuracy"), Double.NaN), number(fin.get("val_loss"), Double.NaN),
                number(fin.get("test_sequence_accuracy"), Double.NaN), saved,
                info.alphabet(), info.labelLength(), info.datasetPath());
    }

    /**
     * When the run was saved: run.json's {@code created_at}, else the file's modification time. A git checkout
     * gives every shipped run the same modification time, so that alone cannot order them.
     */
    private static long savedAt(Path dir, RunInfo info) {
        if (info.createdAt() != null) {
            try {
                return java.time.Instant.parse(info.createdAt()).toEpochMilli();
            } catch (java.time.format.DateTimeParseException e) {
                // fall through to the file time
            }
        }
        try {
            return Files.getLastModifiedTime(dir.resolve(ModelFolder.RUN_JSON)).toMillis();
        } catch (IOException e) {
            return 0;
        }
    }

    private static int number(Object o, int fallback) {
        return o instanceof Number n ? n.intValue() : fallback;
    }

    private static double number(Object o, double fallback) {
        return o instanceof Number n ? n.doubleValue() : fallback;
    }

    /** A tiny run done and thrown away on a background thread: {@link RunWarmUp}. */
    @Override
    public void warmUp() {
        RunWarmUp.startInBackground();
    }

    @Override
    public Predictor load(RunSummary run, boolean shiftedViews) {
        return load(List.of(run), shiftedViews);
    }

    /**
     * One run, or several as an ensemble. Runs that cannot be averaged are refused from their run.json files, before
     * any network is loaded ({@link RunsCannotJoin}).
     */
    @Override
    public Predictor load(List<RunSummary> runs, boolean shiftedViews) {
        NativeThreads.limitCurrentThread();
        List<String> names = runs.stream().map(RunSummary::name).toList();
        List<RunInfo> infos = runs.stream().map(r -> ModelFolder.readInfo(r.folder())).toList();
        List<String> refusals = RunInfo.ensembleRefusals(names, infos);
        if (!refusals.isEmpty()) {
            throw new RunsCannotJoin(String.join("; ", refusals));
        }
        List<SavedModel> saved = new ArrayList<>();
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < runs.size(); i++) {
            RunInfo info = infos.get(i);
            saved.add(ModelFolder.load(runs.get(i).folder(), info));
            keys.add(cacheKey(names.get(i), info.createdAt(), info.temperature()));
        }
        org.captchalab.model.Predictor together = SavedModel.together(saved);
        String name = String.join(" + ", names);
        String key = String.join(" + ", keys);
        ImageSize size = saved.get(0).info().inputSize();
        TrainingImageSizes trainedOn = new TrainingImageSizes(names, infos);
        if (!shiftedViews) {
            return adapt(name, key, together, size, trainedOn);
        }
        TestTimeShifts views = TestTimeShifts.CROSS;
        return adapt(name + " (" + views.views() + " views)", key + "@views" + views.views(), together.withShifts(views),
                size, trainedOn);
    }

    /** A run's name with the time run.json says it was saved: a retrained run in the same folder gets a new key. */
    static String cacheKey(String name, String createdAt) {
        return createdAt == null || createdAt.isBlank() ? name : name + "@" + createdAt;
    }

    /**
     * As {@link #cacheKey(String, String)}, plus the calibration temperature when run.json has one: a run
     * (re)calibrated with {@code calibrate} reports other probabilities, so its cached predictions must not be reused.
     */
    static String cacheKey(String name, String createdAt, Double temperature) {
        String key = cacheKey(name, createdAt);
        return temperature == null ? key : key + "@T" + temperature;
    }

    /**
     * Wraps the model's predictor: images are brought to its input size the way the trainer encodes them; the folder's
     * image size is compared with {@code trainedOn}, every run's training images.
     */
    static Predictor adapt(String name, String cacheKey, org.captchalab.model.Predictor p, ImageSize size,
                           TrainingImageSizes trainedOn) {
        return new Predictor() {
            @Override
            public Optional<String> sizeWarning(Workspace workspace) {
                return workspace.mostCommonImageSize().flatMap(seen -> trainedOn.folderWarning(seen, workspace.folder()));
            }

            @Override
            public String name() {
                return name;
            }

            @Override
            public String cacheKey() {
                return cacheKey;
            }

            @Override
            public List<SamplePrediction> predict(List<BufferedImage> images) {
                NativeThreads.limitCurrentThread();
                List<byte[]> encoded = new ArrayList<>(images.size());
                for (BufferedImage img : images) {
                    encoded.add(PixelEncoder.rgb(img, size));
                }
                return p.predict(encoded).stream().map(Dl4jModelService::convert).toList();
            }

            @Override
            public List<float[]> attention(BufferedImage image) {
                if (p.networks() > 1) {
                    // an ensemble has no one map; asking it would wait on its lock behind a whole batch
                    return List.of();
                }
                NativeThreads.limitCurrentThread();
                List<AttentionMap> maps = p.attention(List.of(PixelEncoder.rgb(image, size)));
                if (maps.isEmpty()) {
                    return List.of();
                }
                AttentionMap m = maps.get(0);
                List<float[]> columns = new ArrayList<>(m.positions());
                for (int i = 0; i < m.positions(); i++) {
                    columns.add(m.columnWeights(i));
                }
                return columns;
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
        if (!(workspace instanceof StoreWorkspace ws)) {
            throw new IllegalArgumentException("training needs a dataset opened from a folder");
        }
        return GuiTrainingRun.start(ws, request, events);
    }

    @Override
    public List<BufferedImage> augmentationPreview(Workspace workspace, int count, double strength, long seed) throws Exception {
        int[] in = workspace.inputSize();
        ImageSize size = new ImageSize(in[0], in[1]);
        Random r = new Random(seed);
        int n = workspace.imageCount(); // not rows(): that reads every label and prediction from the store
        List<BufferedImage> out = new ArrayList<>();
        Augmenter augmenter = Augmenter.standard(size, strength);
        for (int i = 0; i < count && n > 0; i++) {
            byte[] original = PixelEncoder.rgb(workspace.image(r.nextInt(n)), size);
            out.add(toImage(augmenter.augment(original, r), size));
        }
        return out;
    }

    static BufferedImage toImage(byte[] hwcRgb, ImageSize size) {
        BufferedImage img = new BufferedImage(size.width(), size.height(), BufferedImage.TYPE_INT_RGB);
        int o = 0;
        for (int y = 0; y < size.height(); y++) {
            for (int x = 0; x < size.width(); x++) {
                int rgb = (hwcRgb[o] & 0xff) << 16 | (hwcRgb[o + 1] & 0xff) << 8 | (hwcRgb[o + 2] & 0xff);
                img.setRGB(x, y, rgb);
                o += 3;
            }
        }
        return img;
    }

    /**
     * Starts the deeplearning4j-ui server (heavy, so only on request; on 127.0.0.1 only, see {@link Dashboard})
     * showing the run's recorded statistics.
     */
    @Override
    public synchronized String dashboardUrl(RunSummary run) throws DashboardException {
        UIServer server = Dashboard.start();
        if (run != null) {
            Path stats = run.folder().resolve(TrainingStats.FILE);
            boolean sameServer = server == attachedTo;
            if (Files.isRegularFile(stats) && !(sameServer && stats.equals(attachedFile))) {
                if (attached != null) {
                    // closed too: MapDB keeps the file locked while it is open, so it could not be opened again
                    if (sameServer) {
                        server.detach(attached);
                    }
                    attached.close();
                    attached = null;
                    attachedFile = null;
                }
                attached = Dashboard.openStats(stats);
                attachedFile = stats;
                attachedTo = server;
                server.attach(attached);
            }
        }
        return Dashboard.overviewUrl(server);
    }

    /** Stops the dashboard's server (its threads would keep the program running) and closes the statistics it showed. */
    @Override
    public synchronized void close() {
        Dashboard.stop();
        if (attached != null) {
            attached.close();
            attached = null;
            attachedFile = null;
            attachedTo = null;
        }
    }
}
