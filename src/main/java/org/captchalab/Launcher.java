package org.captchalab;

import org.captchalab.cli.Cli;

/**
 * The entry point. No arguments (or a dataset folder) opens the workbench window; a subcommand runs headless.
 *
 * <p>The window runs in a JVM with a short garbage-collection pause goal; {@link WindowJvm} starts one when
 * this JVM has none.
 *
 * <p>It does not extend {@code javafx.application.Application}: a class-path launch of such a main class
 * fails with "JavaFX runtime components are missing", and the CLI must not start the FX toolkit at all.
 */
public final class Launcher {

    private Launcher() {
    }

    public static void main(String[] args) {
        if (Cli.isGuiInvocation(args)) {
            int status = WindowJvm.runInTunedJvm(args);
            if (status >= 0) {
                System.exit(status);
            }
            NativeBackend.select();
            org.captchalab.ui.WorkbenchApp.launchWith(args);
            return;
        }
        NativeBackend.select();
        System.exit(Cli.run(args));
    }
}
