package org.captchalab.ui.backend;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.captchalab.ChildJvm;
import org.captchalab.NativeBackend;
import org.captchalab.model.NativeLibraries;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * In a fresh JVM (this one has ND4J loaded by other tests already): the warm-up refuses to start before
 * {@link NativeLibraries#load()}, the load brings ND4J's libraries into the process, and the warm-up starts after it.
 */
class NativeLoadOrderTest {

    @TempDir
    Path scratch;

    @Test
    void theWarmUpWaitsForTheNativeLibrariesAndTheLoadBringsThemIn() throws Exception {
        ChildJvm.Result r = ChildJvm.run(scratch, List.of("-Djava.io.tmpdir=" + scratch), Child.class, List.of(), 180);
        assertThat(r.exitStatus()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains(
                "before: loaded=false nd4j=false warm-up=false",
                "after: loaded=true nd4j=true",
                "warm-up=true");
        assertThat(r.out()).containsPattern("first load took [1-9][0-9]* ms, the second 0 ms");
    }

    /** The child's main. */
    public static final class Child {
        public static void main(String[] args) throws Exception {
            NativeBackend.select();
            System.out.printf("before: loaded=%s nd4j=%s warm-up=%s%n", NativeLibraries.loaded(), nd4jMapped(),
                    RunWarmUp.startInBackground());
            long first = NativeLibraries.load();
            long second = NativeLibraries.load();
            System.out.printf("after: loaded=%s nd4j=%s%n", NativeLibraries.loaded(), nd4jMapped());
            System.out.printf("first load took %d ms, the second %d ms%n", first, second);
            System.out.printf("warm-up=%s%n", RunWarmUp.startInBackground());
            System.exit(0);
        }

        private static boolean nd4jMapped() throws java.io.IOException {
            return Files.readString(Path.of("/proc/self/maps")).contains("libnd4jcpu");
        }
    }
}
