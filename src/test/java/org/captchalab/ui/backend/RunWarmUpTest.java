package org.captchalab.ui.backend;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.captchalab.model.SavedModel;
import org.junit.jupiter.api.Test;

class RunWarmUpTest {

    private static List<Path> warmUpFolders() throws Exception {
        try (Stream<Path> s = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return s.filter(p -> p.getFileName().toString().startsWith("captchalab-warm-up")).toList();
        }
    }

    @Test
    void trainsSavesAndLoadsATinyRunAndLeavesNothingBehind() throws Exception {
        List<Path> before = warmUpFolders();
        SavedModel run = RunWarmUp.run();
        assertThat(run.info().preset()).isEqualTo("seed");
        assertThat(run.info().finalMetrics()).containsEntry("epochs", 1);
        assertThat(run.predictor().spec().length()).isEqualTo(4);
        assertThat(warmUpFolders()).containsExactlyInAnyOrderElementsOf(before);
    }
}
