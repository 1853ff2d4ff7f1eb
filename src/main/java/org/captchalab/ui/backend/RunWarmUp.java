package org.captchalab.ui.backend;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.captchalab.dataset.CaptchaGenerator;
import org.captchalab.dataset.CaptchaSample;
import org.captchalab.dataset.CaseRule;
import org.captchalab.dataset.GeneratedCaptcha;
import org.captchalab.dataset.ImageSize;
import org.captchalab.model.ImageCache;
import org.captchalab.model.ModelFolder;
import org.captchalab.model.NativeLibraries;
import org.captchalab.model.Preset;
import org.captchalab.model.SavedModel;
import org.captchalab.training.RunFinisher;
import org.captchalab.training.RunWriter;
import org.captchalab.training.TrainingConfig;
import org.captchalab.training.TrainingData;
import org.captchalab.training.TrainingJob;
import org.captchalab.training.TrainingResult;
import org.captchalab.training.TrainingStats;
import org.captchalab.ui.shared.BackgroundThreads;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A whole training run, tiny and thrown away, done once on a background thread when the window opens: eight
 * generated captchas, one epoch of the seed network with DL4J statistics, saved, loaded again and asked to
 * predict, all in a temporary folder that is deleted afterwards.
 *
 * <p>Why: a run loads some 3,000 classes (ND4J, SameDiff, the statistics store, the model format) the moment it
 * starts and again when it saves. Loading them then cost CPU, JIT compilation and a "Metadata GC Threshold"
 * collection (15-25 ms, measured) while the user watched the run's first frames; now it happens while the
 * window opens, at nice 10. A warm-up that fails is only logged: the real run will say what is wrong.
 *
 * <p>It runs only when ND4J's native libraries were loaded before the window started ({@link NativeLibraries}):
 * loading them here, while the window's pools start threads, once deadlocked the process in glibc's loader.
 */
final class RunWarmUp {

    private static final Logger LOG = LoggerFactory.getLogger(RunWarmUp.class);
    private static final int IMAGES = 8;
    private static final AtomicBoolean STARTED = new AtomicBoolean();

    private RunWarmUp() {
    }

    /**
     * Starts the warm-up once per JVM (what it loads stays loaded for every window after), if the native
     * libraries are loaded already; returns whether it started.
     */
    static boolean startInBackground() {
        if (!NativeLibraries.loaded()) {
            LOG.info("no run warm-up: ND4J's native libraries were not loaded before the window started");
            return false;
        }
        if (!STARTED.compareAndSet(false, true)) {
            return false;
        }
        BackgroundThreads.create("run-warm-up", () -> {
            long t0 = System.nanoTime();
            try {
                run(Path.of(System.getProperty("java.io.tmpdir")));
                LOG.info("run warm-up done in {} ms", (System.nanoTime() - t0) / 1_000_000);
            } catch (Throwable e) {
                LOG.warn("run warm-up failed (the window's runs are not affected): {}", e.toString());
            }
        }).start();
        return true;
    }

    /**
     * The warm-up itself, on the calling thread, in a new folder under {@code parent} that is deleted afterwards
     * (or when the JVM exits first: the window may close during the warm-up). Returns the tiny run as loaded
     * back, for the test.
     */
    static SavedModel run(Path parent) throws Exception {
        NativeThreads.limitCurrentThread();
        Path dir = Files.createTempDirectory(parent, "captchalab-warm-up");
        Thread onExit = new Thread(() -> delete(dir), "warm-up-cleanup");
        Runtime.getRuntime().addShutdownHook(onExit);
        try {
            Path images = Files.createDirectories(dir.resolve("images"));
            CaptchaGenerator generator = new CaptchaGenerator(1);
            List<CaptchaSample> samples = new ArrayList<>();
            for (int i = 0; i < IMAGES; i++) {
                GeneratedCaptcha c = generator.generate(i);
                Files.write(images.resolve(c.fileName()), CaptchaGenerator.encode(c.image()));
                samples.add(new CaptchaSample(c.fileName(), c.label(), CaptchaGenerator.WIDTH, CaptchaGenerator.HEIGHT,
                        Integer.toString(i)));
            }
            ImageSize size = new ImageSize(CaptchaGenerator.WIDTH, CaptchaGenerator.HEIGHT);
            TrainingData data = new TrainingData(samples.subList(0, IMAGES - 2), samples.subList(IMAGES - 2, IMAGES),
                    CaptchaGenerator.ALPHABET, CaptchaGenerator.LENGTH, new ImageCache(images, size));
            TrainingConfig config = TrainingConfig.defaults(Preset.SEED).withEpochs(1).withBatchSize(IMAGES - 2);
            Path run = dir.resolve("run");
            TrainingJob job = new TrainingJob(config, data, data.spec(Preset.SEED), run.resolve("checkpoint"));
            TrainingStats stats = TrainingStats.open(run.resolve(TrainingStats.FILE), config);
            job.addListener(stats);
            TrainingResult result = job.run();
            stats.close();
            if (!result.succeeded()) {
                throw new IllegalStateException(result.message());
            }
            RunWriter.save(run, result, config, data,
                    new RunWriter.Provenance(images.toString(), "warm-up", 1, CaseRule.FOLD_LOWER), Map.of());
            SavedModel saved = ModelFolder.load(run);
            List<byte[]> pixels = new ArrayList<>();
            for (CaptchaSample s : data.val()) {
                pixels.add(data.images().get(s));
            }
            saved.predictor().predict(pixels);
            return saved;
        } finally {
            delete(dir);
            try {
                Runtime.getRuntime().removeShutdownHook(onExit);
            } catch (IllegalStateException exiting) {
                // the JVM is already exiting: the hook runs anyway, and finds nothing left to delete
            }
        }
    }

    private static void delete(Path dir) {
        try {
            RunFinisher.deleteRecursively(dir);
        } catch (IOException e) {
            LOG.debug("warm-up folder {} not deleted: {}", dir, e.toString());
        }
    }
}
