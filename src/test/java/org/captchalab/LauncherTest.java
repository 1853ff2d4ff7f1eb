package org.captchalab;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the user sees when the window cannot start. */
class LauncherTest {

    @TempDir
    Path scratch;

    @Test
    void withoutADisplayTheWindowSaysSoInOneLineAndExitsWithOne() throws Exception {
        ChildJvm.Result r = ChildJvm.run(scratch, List.of(), Map.of("DISPLAY", "", "WAYLAND_DISPLAY", ""), Launcher.class,
                List.of(), 120);
        assertThat(r.exitStatus()).isEqualTo(1);
        List<String> lines = r.err().lines().filter(l -> !l.isBlank()).toList();
        assertThat(lines).as(r.err()).hasSize(1);
        assertThat(lines.get(0)).startsWith("error: the window could not start (")
                .endsWith("; the subcommands work without it (--help lists them)");
        // no display here; a machine without GTK 3 fails on that first
        assertThat(lines.get(0)).containsAnyOf("JavaFX needs a display (DISPLAY, or xvfb-run for a virtual one)",
                "JavaFX needs GTK 3 (Debian/Ubuntu: apt-get install libgtk-3-0)");
        assertThat(ChildJvm.log(scratch)).contains("the window could not start")
                .as("JavaFX's own warnings reach the log instead of the console").contains("Unsupported JavaFX configuration");
    }

    @Test
    void theFirstLaunchWithANewHomeFolderPrintsNothingAboutThePreferencesFolder() throws Exception {
        Path home = scratch.resolve("home");
        ChildJvm.Result r = ChildJvm.run(scratch, List.of("-Duser.home=" + home), FirstPreferences.class, List.of(), 120);
        assertThat(r.exitStatus()).as(r.err()).isZero();
        assertThat(home.resolve(".java/.userPrefs")).as("the JDK made the folder, so it had something to say").isDirectory();
        assertThat(r.err()).as("java.util.prefs' INFO record stays off the console").isEmpty();
        assertThat(ChildJvm.log(scratch)).contains("Created user preferences directory.");
    }

    /** What the window does on its first launch: the launcher's logging set-up, then the window's preferences. */
    public static final class FirstPreferences {
        public static void main(String[] args) throws Exception {
            Launcher.sendJdkLoggingToTheLog();
            java.util.prefs.Preferences node = java.util.prefs.Preferences.userRoot().node("org/captchalab/test");
            node.put("seen", "yes");
            node.flush();
        }
    }

    @Test
    void missingGtkAndMissingDisplayEachGetTheirAdvice() {
        assertThat(Launcher.windowFailure(new UnsupportedOperationException("Unable to load glass GTK library.")))
                .isEqualTo("error: the window could not start (Unable to load glass GTK library.): JavaFX needs GTK 3"
                        + " (Debian/Ubuntu: apt-get install libgtk-3-0); the subcommands work without it (--help lists them)");
        assertThat(Launcher.windowFailure(new UnsupportedOperationException("Unable to open DISPLAY")))
                .contains("JavaFX needs a display (DISPLAY, or xvfb-run for a virtual one)");
        assertThat(Launcher.windowFailure(new RuntimeException("Exception in Application start method",
                new IllegalStateException("no FXML here"))))
                .startsWith("error: the window could not start (no FXML here): see ~/.captchalab/logs/captchalab.log");
        assertThat(Launcher.windowFailure(new IllegalStateException("something else\nsecond line")))
                .isEqualTo("error: the window could not start (something else): see ~/.captchalab/logs/captchalab.log;"
                        + " the subcommands work without it (--help lists them)");
    }
}
