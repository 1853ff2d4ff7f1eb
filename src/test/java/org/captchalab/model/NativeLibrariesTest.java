package org.captchalab.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.captchalab.Nd4jTestSupport;
import org.junit.jupiter.api.Test;

class NativeLibrariesTest {

    static {
        Nd4jTestSupport.init();
    }

    @Test
    void loadsNd4jsLibrariesOnceAndSaysSo() throws Exception {
        NativeLibraries.load();
        assertThat(NativeLibraries.loaded()).isTrue();
        String maps = Files.readString(Path.of("/proc/self/maps"));
        assertThat(maps).contains("libnd4jcpu.so").contains("libopenblas");
        assertThat(NativeLibraries.load()).as("a second call does nothing").isZero();
    }
}
