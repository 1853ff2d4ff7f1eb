package org.captchalab.training;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.deeplearning4j.ui.model.stats.impl.SbeStatsInitializationReport;
import org.deeplearning4j.ui.model.stats.impl.SbeStatsReport;
import org.deeplearning4j.ui.model.storage.FileStatsStorage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records a run's statistics in a DL4J {@link FileStatsStorage} ({@code dl4j-stats.bin} in the run folder),
 * the store the deeplearning4j-ui training dashboard reads; {@code captcha-lab ui MODEL_DIR} serves it.
 *
 * <p>Why by hand: DL4J's {@code StatsListener} only attaches to MultiLayerNetwork/ComputationGraph, and
 * SameDiff's own {@code UIListener} writes a different log for the separate SameDiff graph page, whose
 * callbacks our minibatch loop does not drive. So the same report records a StatsListener would write are
 * written here from {@link IterationMetrics}: score (total loss), iteration, throughput, memory; plus a
 * static-info record describing the run. The dashboard's overview (score chart, performance, memory)
 * works from these; its per-layer pages need DL4J layer configurations and stay empty for SameDiff graphs.
 */
public final class TrainingStats implements TrainingListener, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TrainingStats.class);
    public static final String FILE = "dl4j-stats.bin";
    static final String TYPE_ID = "StatsListener";

    private final FileStatsStorage storage;
    private final String session = UUID.randomUUID().toString();
    private final String worker = "captchalab";
    private final TrainingConfig config;
    private final long start = System.currentTimeMillis();
    private long examples;
    private boolean initialised;

    private TrainingStats(FileStatsStorage storage, TrainingConfig config) {
        this.storage = storage;
        this.config = config;
    }

    /** Opens (creating folders) the stats file; on failure logs and returns a recorder that does nothing. */
    public static TrainingStats open(Path file, TrainingConfig config) {
        try {
            Files.createDirectories(file.getParent());
            return new TrainingStats(new FileStatsStorage(file.toFile()), config);
        } catch (Exception e) {
            LOG.warn("cannot record DL4J training statistics in {}", file, e);
            return new TrainingStats(null, config);
        }
    }

    @Override
    public void iterationDone(IterationMetrics m) {
        if (storage == null) {
            return;
        }
        long now = System.currentTimeMillis();
        if (!initialised) {
            SbeStatsInitializationReport init = new SbeStatsInitializationReport();
            init.reportIDs(session, TYPE_ID, worker, now);
            Runtime rt = Runtime.getRuntime();
            init.reportSoftwareInfo("CaptchaLab", "SameDiff " + config.preset().id(), System.getProperty("java.version"),
                    System.getProperty("java.vendor"), System.getProperty("os.name"), System.getProperty("os.arch"),
                    "nd4j-native", System.getProperty("org.bytedeco.javacpp.platform.extension", ""), null, Map.of());
            init.reportHardwareInfo(0, rt.availableProcessors(), rt.maxMemory(), rt.maxMemory(), new long[0], new String[0], "localhost");
            init.reportModelInfo("org.nd4j.autodiff.samediff.SameDiff", "", new String[0], m.headLosses().length, 0);
            storage.putStaticInfo(init);
            initialised = true;
        }
        examples += Math.round(m.imagesPerSecond() > 0 ? config.batchSize() : 0);
        SbeStatsReport r = new SbeStatsReport();
        r.reportIDs(session, TYPE_ID, worker, now);
        r.reportIterationCount(m.iteration());
        r.reportScore(m.totalLoss());
        r.reportLearningRates(Map.of("adam", config.learningRate()));
        Runtime rt = Runtime.getRuntime();
        r.reportMemoryUse(rt.totalMemory() - rt.freeMemory(), rt.maxMemory(), 0, 0, new long[0], new long[0]);
        double secs = Math.max(1e-9, (now - start) / 1000.0);
        r.reportPerformance(now - start, examples, m.iteration(), m.imagesPerSecond(), m.iteration() / secs);
        storage.putUpdate(r);
    }

    @Override
    public void close() {
        if (storage != null) {
            try {
                storage.close();
            } catch (Exception e) {
                LOG.warn("closing DL4J stats storage failed", e);
            }
        }
    }
}
