package org.captchalab.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.captchalab.training.Dashboard;
import org.captchalab.training.DashboardException;
import org.captchalab.training.TrainingStats;
import org.deeplearning4j.ui.api.UIServer;
import org.deeplearning4j.ui.model.storage.FileStatsStorage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ui MODEL_DIR [--port 9000]}: serves the run's recorded statistics in the deeplearning4j-ui training
 * dashboard on this computer's loopback address (127.0.0.1, not reachable from other computers) and prints the
 * address; runs until interrupted.
 */
@Command(name = "ui", mixinStandardHelpOptions = true,
        description = "Open a run's training statistics in the DL4J dashboard (served on 127.0.0.1, this computer only, "
                + "until Ctrl+C).")
public final class UiCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(UiCommand.class);

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "MODEL_DIR", description = "a run folder with " + TrainingStats.FILE)
    Path modelDir;

    @Option(names = "--port", defaultValue = "9000", paramLabel = "PORT", description = "port (default ${DEFAULT-VALUE})")
    int port;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (port < 1 || port > 65535) {
            throw new UsageError("--port must be between 1 and 65535 (got " + port + ")");
        }
        String missing = missingStats();
        if (missing != null) {
            err.println("error: " + missing);
            return 1;
        }
        Path stats = modelDir.resolve(TrainingStats.FILE);
        FileStatsStorage storage;
        UIServer server;
        try {
            storage = Dashboard.openStats(stats);
        } catch (DashboardException e) {
            err.println("error: " + e.getMessage());
            return 1;
        }
        try {
            server = Dashboard.start(port);
        } catch (DashboardException e) {
            storage.close();
            err.println("error: " + e.getMessage() + (e.portTaken() ? " (choose another with --port)" : ""));
            return 1;
        }
        boolean interrupted = false;
        try {
            server.attach(storage);
            out.println("DL4J training dashboard: " + Dashboard.overviewUrl(server));
            out.println("(serving " + stats + " on this computer only; Ctrl+C to stop)");
            out.flush();
            Thread.currentThread().join();
        } catch (InterruptedException e) {
            // stopped from within the program (tests do); Ctrl+C ends the process instead
            LOG.info("ui interrupted: stopping the dashboard");
            interrupted = true;
        } finally {
            Dashboard.stop();
            storage.close();
        }
        if (interrupted) {
            Thread.currentThread().interrupt(); // kept for the caller, after the stop, which waits
        }
        return 0;
    }

    /** Why MODEL_DIR has no statistics file to show, or null when it has one. */
    private String missingStats() {
        if (!Files.exists(modelDir)) {
            return modelDir + ": no such folder";
        }
        if (!Files.isDirectory(modelDir)) {
            return modelDir + ": not a folder (give the run's folder, which holds " + TrainingStats.FILE + ")";
        }
        Path stats = modelDir.resolve(TrainingStats.FILE);
        if (!Files.exists(stats)) {
            return modelDir + " has no " + TrainingStats.FILE + " (runs record it while training)";
        }
        if (!Files.isRegularFile(stats)) {
            return stats + " is not a file";
        }
        return null;
    }
}
