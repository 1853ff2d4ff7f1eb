package org.captchalab.ui.backend;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.captchalab.model.SavedModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunWarmUpTest {

    static {
        org.captchalab.Nd4jTestSupport.init();
    }

    @TempDir
    Path parent;

    @Test
    void trainsSavesAndLoadsATinyRunAndLeavesNothingBehind() throws Exception {
        SavedModel run = RunWarmUp.run(parent);
        assertThat(run.info().preset()).isEqualTo("seed");
        assertThat(run.info().finalMetrics()).containsEntry("epochs", 1);
        assertThat(run.predictor().spec().length()).isEqualTo(4);
        assertThat(run.folder()).startsWithRaw(parent);
        try (Stream<Path> left = Files.list(parent)) {
            assertThat(left).isEmpty();
        }
    }
}
