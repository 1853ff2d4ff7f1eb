package org.captchalab;

import org.captchalab.cli.Cli;

/**
 * The entry point. No arguments (or a dataset folder) opens the workbench window; a subcommand runs headless.
 *
 * <p>It does not extend {@code javafx.application.Application}: a class-path launch of such a main class
 * fails with "JavaFX runtime components are missing", and the CLI must not start the FX toolkit at all.
 */
public final class Launcher {

    private Launcher() {
    }

    public static void main(String[] args) {
        NativeBackend.select();
        if (Cli.isGuiInvocation(args)) {
            org.captchalab.ui.WorkbenchApp.launchWith(args);
            return;
        }
        System.exit(Cli.run(args));
    }
}
