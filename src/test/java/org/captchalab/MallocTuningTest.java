package org.captchalab;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MallocTuningTest {

    @TempDir
    Path scratch;

    @Test
    void restartsOnlyOnLinuxOnceAndNotUnderADebugger() {
        assertThat(MallocTuning.applies(Map.of(), "Linux", List.of("-Xmx2g"))).isTrue();
        assertThat(MallocTuning.applies(Map.of(), "Mac OS X", List.of())).isFalse();
        assertThat(MallocTuning.applies(Map.of(MallocTuning.MARKER, "tuned"), "Linux", List.of())).isFalse();
        assertThat(MallocTuning.applies(Map.of(MallocTuning.MARKER, "default"), "Linux", List.of())).isFalse();
        assertThat(MallocTuning.applies(Map.of(), "Linux",
                List.of("-agentlib:jdwp=transport=dt_socket,server=y,address=5005"))).isFalse();
    }

    @Test
    void theChildKeepsTheUsersOwnSettingsAndIsMarked() {
        Map<String, String> add = MallocTuning.childEnvironment(Map.of("MALLOC_TOP_PAD_", "1048576", "HOME", "/root"));
        assertThat(add).containsEntry(MallocTuning.MARKER, "tuned")
                .containsEntry("MALLOC_MMAP_THRESHOLD_", "33554432")
                .containsEntry("MALLOC_TRIM_THRESHOLD_", "1073741824")
                .doesNotContainKeys("MALLOC_TOP_PAD_", "HOME");
    }

    @Test
    void theChildGetsTheSameOptionsClassPathAndArguments() {
        assertThat(MallocTuning.childCommand("/jdk/bin/java", List.of("-Xmx8g", "--module-path=/fx"), "app.jar",
                "org.captchalab.Launcher", new String[] {"eval", "dir with space"}))
                .containsExactly("/jdk/bin/java", "-Xmx8g", "--module-path=/fx", "-cp", "app.jar",
                        "org.captchalab.Launcher", "eval", "dir with space");
    }

    @Test
    void aRealRestartRunsTheMainInATunedChildAndPassesOnItsStatus() throws Exception {
        ChildJvm.Result r = ChildJvm.run(scratch, List.of("-Dprobe.option=kept"),
                Map.of(MallocTuning.MARKER, "", "MALLOC_TOP_PAD_", ""), Child.class, List.of("a b", "c"), 120);
        assertThat(r.exitStatus()).as(r.out() + r.err()).isEqualTo(7);
        assertThat(r.out()).contains("child: state=tuned top_pad=67108864 option=kept args=[a b, c]")
                .doesNotContain("parent went on");
    }

    @Test
    void turnedOffTheProgramRunsInThisProcess() throws Exception {
        ChildJvm.Result r = ChildJvm.run(scratch, List.of(), Map.of(MallocTuning.MARKER, "default"), Child.class,
                List.of(), 120);
        assertThat(r.exitStatus()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("parent went on: state=default");
    }

    /** The child's main: in the tuned child it reports what it got and exits with 7. */
    public static final class Child {
        public static void main(String[] args) {
            OptionalInt status = MallocTuning.runInTunedChild(Child.class, args);
            if (status.isPresent()) {
                System.exit(status.getAsInt());
            }
            if ("tuned".equals(System.getenv(MallocTuning.MARKER))) {
                System.out.printf("child: state=%s top_pad=%s option=%s args=%s%n", MallocTuning.state(),
                        System.getenv("MALLOC_TOP_PAD_"), System.getProperty("probe.option"), List.of(args));
                System.exit(7);
            }
            System.out.println("parent went on: state=" + MallocTuning.state());
        }
    }
}
