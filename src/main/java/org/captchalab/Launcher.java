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

    private Launcher() {
    }

    public static void main(String[] args) {
        MallocTuning.handOverToTunedChild();
        sendJdkLoggingToTheLog();
        NativeBackend.select();
        if (Cli.isGuiInvocation(args)) {
            loadNativeLibrariesFirst();
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
        // JavaFX wraps a failure in start() as "Exception in Application start method": the cause is the news
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String why = UserMessages.oneLine(root);
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
     * Sends what the JDK and JavaFX log through java.util.logging to CaptchaLab's log file instead of the console,
     * where it would print two lines per record: JavaFX's start-up warning that it was loaded from the class path
     * rather than as modules (true and harmless), and java.util.prefs' "Created user preferences directory." on
     * the first launch with a new home folder. The handler sits on the root logger, which the LogManager holds
     * for good, so every logger below it (javafx, java.util.prefs, ...) reaches it.
     */
    static void sendJdkLoggingToTheLog() {
        java.util.logging.Logger root = java.util.logging.Logger.getLogger("");
        for (java.util.logging.Handler h : root.getHandlers()) {
            root.removeHandler(h); // the default ConsoleHandler, which writes to stderr
        }
        root.addHandler(new java.util.logging.Handler() {
            private final java.util.logging.Formatter format = new java.util.logging.SimpleFormatter();

            @Override
            public void publish(java.util.logging.LogRecord r) {
                org.slf4j.Logger to = LoggerFactory.getLogger(r.getLoggerName() == null ? "jdk" : r.getLoggerName());
                String text = format.formatMessage(r);
                int level = r.getLevel().intValue();
                if (level >= java.util.logging.Level.SEVERE.intValue()) {
                    to.error(text, r.getThrown());
                } else if (level >= java.util.logging.Level.WARNING.intValue()) {
                    to.warn(text, r.getThrown());
                } else {
                    to.info(text, r.getThrown());
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        });
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
