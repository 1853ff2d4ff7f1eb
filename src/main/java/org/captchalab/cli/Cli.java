package org.captchalab.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The command line: {@code captcha-lab SUBCOMMAND ...}. Every subcommand prints to the console and returns an
 * exit status; an unexpected failure is logged with its stack trace and shown as one line.
 */
@Command(name = "captcha-lab", mixinStandardHelpOptions = true, version = "CaptchaLab 0.1.0",
        description = "Captcha dataset workbench. Without arguments it opens the window on sample-data.",
        subcommands = {CommandLine.HelpCommand.class, GenerateCommand.class, InfoCommand.class, RelabelCommand.class,
            ExportCommand.class, TrainCommand.class, EvalCommand.class, CalibrateCommand.class, PredictCommand.class, BenchCommand.class,
            DescribeCommand.class, UiCommand.class})
public final class Cli implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(Cli.class);

    /** picocli's message for an option value that does not convert to the option's number type. */
    private static final Pattern NOT_A_TYPE = Pattern.compile(
            "Invalid value for option '([^']+)': '(.*)' is not an? (int|long|double)");

    /** Subcommand names, kept here so the launcher can tell a dataset path from a command. */
    static final Set<String> NON_COMMANDS = Set.of();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** True when the arguments ask for the window: none at all, or a single existing folder. */
    public static boolean isGuiInvocation(String[] args) {
        if (args.length == 0) {
            return true;
        }
        if (args.length == 1 && !args[0].startsWith("-") && !newCommandLine().getSubcommands().containsKey(args[0])) {
            return Files.isDirectory(Path.of(args[0]));
        }
        return false;
    }

    public static CommandLine newCommandLine() {
        CommandLine cl = new CommandLine(new Cli());
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            if (ex instanceof UsageError) {
                commandLine.getErr().println("error: " + ex.getMessage());
                return 2;
            }
            LOG.error("command failed", ex);
            commandLine.getErr().println("error: " + UserMessages.oneLine(ex));
            // 1 like every other failure of a command's work (a misfit dataset, a failed run); 2 stays for usage
            return 1;
        });
        // a mistyped command line: its one line and where the usage is, not the whole usage
        cl.setParameterExceptionHandler((ex, args) -> {
            CommandLine failed = ex.getCommandLine();
            PrintWriter err = failed.getErr();
            String help = " (see '" + failed.getCommandSpec().qualifiedName() + " --help')";
            if (failed.getCommandSpec().parent() == null && args.length == 1 && looksLikePath(args[0])
                    && ex instanceof CommandLine.UnmatchedArgumentException) {
                // the window was asked for on a folder that is not there (a state of the disk: exit 1)
                boolean file;
                try {
                    file = Files.exists(Path.of(args[0]));
                } catch (java.nio.file.InvalidPathException notAPath) {
                    file = false;
                }
                err.println("error: " + args[0] + (file ? ": not a folder" : ": no such folder")
                        + "; the window opens a folder of images" + help);
                return 1;
            }
            err.println("error: " + typeMessage(ex.getMessage()).or(() -> unmatchedMessage(ex))
                    .orElseGet(() -> UserMessages.oneLine(ex)) + help);
            CommandLine.UnmatchedArgumentException.printSuggestions(ex, err);
            return 2;
        });
        return cl;
    }

    /**
     * picocli's words for an option value of the wrong type ("'abc' is not a double") in the house's form, e.g.
     * {@code --lr must be a number (got abc)}; empty for any other message.
     */
    static Optional<String> typeMessage(String message) {
        Matcher m = NOT_A_TYPE.matcher(message == null ? "" : message);
        if (!m.matches()) {
            return Optional.empty();
        }
        String option = m.group(1);
        String value = m.group(2);
        String type = m.group(3);
        if (type.equals("double")) {
            return Optional.of(option + " must be a number (got " + value + ")");
        }
        // a whole number too long for its type is not mistyped, only too large (or too small)
        boolean isInt = type.equals("int");
        String bound = !value.strip().matches("[+-]?\\d+") ? ""
                : value.strip().startsWith("-") ? " no smaller than " + (isInt ? Integer.MIN_VALUE : Long.MIN_VALUE)
                : " no larger than " + (isInt ? Integer.MAX_VALUE : Long.MAX_VALUE);
        return Optional.of(option + " must be a whole number" + bound + " (got " + value + ")");
    }

    /**
     * An argument no command or parameter takes, named without picocli's "Unmatched argument at index 0": at the top an
     * unknown command, after a command an argument too many. Options keep picocli's "Unknown option: '--x'".
     */
    static Optional<String> unmatchedMessage(CommandLine.ParameterException ex) {
        if (!(ex instanceof CommandLine.UnmatchedArgumentException u) || u.getUnmatched().isEmpty()) {
            return Optional.empty();
        }
        String first = u.getUnmatched().get(0);
        if (first.startsWith("-")) {
            return Optional.empty();
        }
        return Optional.of(ex.getCommandLine().getCommandSpec().parent() == null
                ? "unknown command '" + first + "'"
                : "unexpected argument '" + first + "'" + (u.getUnmatched().size() > 1
                        ? " (and " + (u.getUnmatched().size() - 1) + " more)" : ""));
    }

    private static boolean looksLikePath(String arg) {
        return arg.contains("/") || arg.contains(java.io.File.separator) || arg.startsWith(".") || arg.startsWith("~");
    }

    public static int run(String[] args) {
        return run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true));
    }

    /** Runs one command with the given console streams (tests pass their own). */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cl = newCommandLine();
        cl.setOut(out);
        cl.setErr(err);
        return cl.execute(args);
    }
}
