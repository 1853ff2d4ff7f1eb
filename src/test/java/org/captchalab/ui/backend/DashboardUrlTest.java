package org.captchalab.ui.backend;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.captchalab.model.Preset;
import org.captchalab.training.Dashboard;
import org.captchalab.training.IterationMetrics;
import org.captchalab.training.TrainingConfig;
import org.captchalab.training.TrainingStats;
import org.deeplearning4j.ui.api.UIServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The window's dashboard button: a page on 127.0.0.1, and a run can be shown again after another one. */
@Timeout(180)
class DashboardUrlTest {

    static {
        org.captchalab.Nd4jTestSupport.init();
    }

    @TempDir
    Path dir;

    private RunSummary recordedRun(String name) throws Exception {
        Path folder = Files.createDirectories(dir.resolve(name));
        try (TrainingStats stats = TrainingStats.open(folder.resolve(TrainingStats.FILE), TrainingConfig.defaults(Preset.SEED))) {
            stats.iterationDone(new IterationMetrics(1, 1, 1, 1, new double[] {1, 2}, 3.0, 100));
        }
        return new RunSummary(name, folder, "seed", 1, 0.5, 1.0, 0.5, 0, "xyz", 2, "data");
    }

    @Test
    void servesOnLoopbackAndShowsARunAgainAfterAnother() throws Exception {
        RunSummary a = recordedRun("a");
        RunSummary b = recordedRun("b");
        Dl4jModelService service = new Dl4jModelService();
        String portBefore = System.getProperty("org.deeplearning4j.ui.port");
        String cacheBefore = System.getProperty("vertx.cacheDirBase");
        System.setProperty("org.deeplearning4j.ui.port", "0");
        System.setProperty("vertx.cacheDirBase", dir.resolve("vertx-cache").toString());
        try {
            String url = service.dashboardUrl(a);
            assertThat(url).matches("http://127\\.0\\.0\\.1:\\d+/train/overview");
            assertThat(status(url)).isEqualTo(200);
            // the same run again, another run, and the first one again: each time one file attached
            assertThat(service.dashboardUrl(a)).isEqualTo(url);
            assertThat(service.dashboardUrl(b)).isEqualTo(url);
            assertThat(service.dashboardUrl(a)).isEqualTo(url);
            assertThat(UIServer.getInstance().getStatsStorageInstances()).hasSize(1);
            assertThat(status(url)).isEqualTo(200);

            // the window closed: the server, whose threads would keep the program running, is gone
            service.close();
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> status(url))
                    .isInstanceOf(java.net.ConnectException.class);
            assertThat(Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> t.isAlive() && !t.isDaemon() && t.getName().startsWith("vert.x-")))
                    .as("Vert.x threads that keep the JVM up").isEmpty();
        } finally {
            Dashboard.stop();
            restore("org.deeplearning4j.ui.port", portBefore);
            restore("vertx.cacheDirBase", cacheBefore);
        }
    }

    private static void restore(String property, String value) {
        if (value == null) {
            System.clearProperty(property);
        } else {
            System.setProperty(property, value);
        }
    }

    private static int status(String url) throws Exception {
        HttpURLConnection c = (HttpURLConnection) URI.create(url).toURL().openConnection();
        c.setConnectTimeout(10_000);
        c.setReadTimeout(30_000);
        try {
            return c.getResponseCode();
        } finally {
            c.disconnect();
        }
    }
}
