package org.captchalab.ui.shared;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Linux only, like the code it tests (CI and the development machine run Linux). */
class BackgroundThreadsTest {

    /** Field 19 of /proc/thread-self/stat: the nice value (counted after the parenthesised thread name). */
    private static int niceOfCurrentThread() throws Exception {
        String stat = Files.readString(Path.of("/proc/thread-self/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Integer.parseInt(fields[16]);
    }

    @Test
    void aBackgroundThreadRunsNicerThanTheWindowAndSoDoTheThreadsItStarts() throws Exception {
        int[] seen = {Integer.MIN_VALUE, Integer.MIN_VALUE};
        int creator = niceOfCurrentThread();
        Thread t = BackgroundThreads.create("test-background", () -> {
            try {
                seen[0] = niceOfCurrentThread();
                Thread child = new Thread(() -> {
                    try {
                        seen[1] = niceOfCurrentThread();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
                child.start();
                child.join();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(t.isDaemon()).isTrue();
        t.start();
        t.join();
        assertThat(seen[0]).isGreaterThanOrEqualTo(BackgroundThreads.NICE).isGreaterThan(creator);
        assertThat(seen[1]).isEqualTo(seen[0]);
        assertThat(niceOfCurrentThread()).isEqualTo(creator);
    }

    /** The nice value of thread {@code tid} of this JVM. */
    private static int niceOf(String tid) throws Exception {
        String stat = Files.readString(Path.of("/proc/self/task", tid, "stat"));
        return Integer.parseInt(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[16]);
    }

    @Test
    void theJitCompilerThreadsRunNicerThanTheWindow() throws Exception {
        int creator = niceOfCurrentThread();
        BackgroundThreads.lowerCompilerThreads();
        java.util.List<String> compilers = new java.util.ArrayList<>();
        try (var tasks = Files.list(Path.of("/proc/self/task"))) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                String name = Files.readString(task.resolve("comm")).strip();
                if (name.startsWith("C1 CompilerThre") || name.startsWith("C2 CompilerThre")) {
                    compilers.add(task.getFileName().toString());
                }
            }
        }
        assertThat(compilers).as("this JVM's JIT compiler threads").isNotEmpty();
        for (String tid : compilers) {
            assertThat(niceOf(tid)).as("nice of compiler thread " + tid).isGreaterThanOrEqualTo(BackgroundThreads.NICE)
                    .isGreaterThan(creator);
        }
        assertThat(niceOfCurrentThread()).isEqualTo(creator);
    }
}
