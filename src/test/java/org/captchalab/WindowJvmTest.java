package org.captchalab;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class WindowJvmTest {

    @Test
    void aJvmWithoutAPauseGoalStartsTheWindowInOneWithIt() {
        assertThat(WindowJvm.shouldRelaunch(List.of("-Xmx4g", "-Dfoo=bar"), null)).isTrue();
        assertThat(WindowJvm.shouldRelaunch(List.of(), null)).isTrue();
    }

    @Test
    void aJvmThatChoseItsCollectorOrWasRelaunchedIsKept() {
        assertThat(WindowJvm.shouldRelaunch(List.of("-XX:MaxGCPauseMillis=50"), null)).isFalse();
        assertThat(WindowJvm.shouldRelaunch(List.of("-XX:+UseZGC"), null)).isFalse();
        assertThat(WindowJvm.shouldRelaunch(List.of("-Dcaptchalab.relaunch=false"), null)).isFalse();
        assertThat(WindowJvm.shouldRelaunch(List.of("-Xmx4g"), "false")).isFalse();
        assertThat(WindowJvm.shouldRelaunch(List.of("-Xmx4g"), "true")).isTrue();
    }

    @Test
    void theNewJvmKeepsTheOptionsClassPathAndArgumentsAndCannotRelaunchAgain() {
        List<String> cmd = WindowJvm.command(Path.of("/jdk/bin/java"), List.of("-Xmx4g", "-Dx=1"), "a.jar:lib/b.jar",
                "org.captchalab.Launcher", new String[] {"/data/set one"});
        assertThat(cmd).containsExactly("/jdk/bin/java", "-Xmx4g", "-Dx=1", "-XX:+UseG1GC", "-XX:MaxGCPauseMillis=20",
                "-Dcaptchalab.relaunch=false", "-cp", "a.jar:lib/b.jar", "org.captchalab.Launcher", "/data/set one");
        // what the new JVM sees makes it open the window itself
        assertThat(WindowJvm.shouldRelaunch(cmd.subList(1, 6), null)).isFalse();
    }
}
