package org.captchalab.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.captchalab.training.TrainingStats;
import org.deeplearning4j.ui.api.UIServer;
import org.deeplearning4j.ui.model.storage.FileStatsStorage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ui MODEL_DIR [--port 9000]}: serves the run's recorded statistics in the deeplearning4j-ui training
 * dashboard on localhost and prints the address; runs until interrupted.
 */
@Command(name = "ui", mixinStandardHelpOptions = true,
        description = "Open a run's training statistics in the DL4J dashboard (served on localhost until Ctrl+C).")
public final class UiCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "MODEL_DIR", description = "a run folder with " + TrainingStats.FILE)
    Path modelDir;

    @Option(names = "--port", defaultValue = "9000", description = "port (default ${DEFAULT-VALUE})")
    int port;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (port < 1 || port > 65535) {
            throw new UsageError("--port must be between 1 and 65535 (got " + port + ")");
        }
        Path stats = modelDir.resolve(TrainingStats.FILE);
        if (!Files.isRegularFile(stats)) {
            spec.commandLine().getErr().println("error: " + modelDir + " has no " + TrainingStats.FILE
                    + " (runs record it while training)");
            return 1;
        }
        System.setProperty("org.deeplearning4j.ui.port", String.valueOf(port));
        UIServer server;
        try {
            server = UIServer.getInstance();
        } catch (RuntimeException e) {
            org.slf4j.LoggerFactory.getLogger(UiCommand.class).error("dashboard failed to start", e);
            spec.commandLine().getErr().println("error: the dashboard could not start on port " + port
                    + " (is another program using it? choose another with --port)");
            return 1;
        }
        server.attach(new FileStatsStorage(stats.toFile()));
        out.println("DL4J training dashboard: http://localhost:" + server.getPort() + "/train/overview");
        out.println("(serving " + stats + "; Ctrl+C to stop)");
        out.flush();
        Thread.currentThread().join();
        return 0;
    }
}
