package org.captchalab;

import org.captchalab.cli.Cli;
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

    private Launcher() {
    }

    public static void main(String[] args) {
        MallocTuning.handOverToTunedChild();
        NativeBackend.select();
        if (Cli.isGuiInvocation(args)) {
            loadNativeLibrariesFirst();
            org.captchalab.ui.WorkbenchApp.launchWith(args);
            return;
        }
        System.exit(Cli.run(args));
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
