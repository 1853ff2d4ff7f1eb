package org.captchalab;

import org.captchalab.cli.Cli;
import org.captchalab.cli.UserMessages;
import org.captchalab.model.NativeLibraries;
import org.slf4j.LoggerFactory;

/**
 * The entry point. No arguments (or a dataset folder) opens the workbench window; a subcommand runs headless.
 *
 * <p>On Linux it first restarts itself once with tuned allocator settings ({@link MallocTuning}).
 *
 * <p>It does not extend {@code javafx.application.Application}: a class-path launch of such a main class
 * fails with "JavaFX runtime components are missing", and the CLI must not start the FX toolkit at all.
 */
public final class Launcher {

    /**
     * JavaFX's start-up logger, kept so its level holds: its warning that JavaFX was loaded from the class path
     * rather than as modules is true, harmless, and not for the user's console.
     */
    private static final java.util.logging.Logger FX_STARTUP =
            java.util.logging.Logger.getLogger("javafx");

    private Launcher() {
    }

    public static void main(String[] args) {
        MallocTuning.handOverToTunedChild();
        NativeBackend.select();
        if (Cli.isGuiInvocation(args)) {
            loadNativeLibrariesFirst();
            FX_STARTUP.setLevel(java.util.logging.Level.SEVERE);
            try {
                org.captchalab.ui.WorkbenchApp.launchWith(args);
            } catch (RuntimeException | Error e) {
                LoggerFactory.getLogger(Launcher.class).error("the window could not start", e);
                System.err.println(windowFailure(e));
                System.exit(1);
            }
            return;
        }
        System.exit(Cli.run(args));
    }

    /**
     * The one line shown when JavaFX cannot start the window (no GTK 3, no display): what is missing and that the
     * subcommands still work.
     */
    static String windowFailure(Throwable e) {
        String why = UserMessages.oneLine(e);
        String advice;
        if (why.contains("GTK")) {
            advice = "JavaFX needs GTK 3 (Debian/Ubuntu: apt-get install libgtk-3-0)";
        } else if (why.toLowerCase(java.util.Locale.ROOT).contains("display")) {
            advice = "JavaFX needs a display (DISPLAY, or xvfb-run for a virtual one)";
        } else {
            advice = "see ~/.captchalab/logs/captchalab.log";
        }
        return "error: the window could not start (" + why + "): " + advice
                + "; the subcommands work without it (--help lists them)";
    }

    /**
     * Loads ND4J's native libraries before JavaFX starts any thread ({@link NativeLibraries} says why). If they
     * cannot be loaded the window opens anyway: it shows the images, and the first prediction or run says
     * what is wrong.
     */
    private static void loadNativeLibrariesFirst() {
        try {
            NativeLibraries.load();
        } catch (Throwable e) {
            LoggerFactory.getLogger(Launcher.class).warn("ND4J's native libraries did not load before the window", e);
        }
    }
}
