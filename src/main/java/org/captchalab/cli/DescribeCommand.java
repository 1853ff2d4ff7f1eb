package org.captchalab.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.captchalab.model.LayerSummary;
import org.captchalab.model.CaptchaNetwork;
import org.captchalab.model.NetworkSpec;
import org.captchalab.model.Preset;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code describe --preset P [--width W --height H --length L --classes K]}: layers and parameter count. */
@Command(name = "describe", mixinStandardHelpOptions = true, description = "Print a preset's layers and parameter count.")
public final class DescribeCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--preset", required = true, paramLabel = "seed|strong|attention", description = "the network preset")
    String preset;

    @Option(names = "--width", defaultValue = "129", paramLabel = "W", description = "input width (default ${DEFAULT-VALUE})")
    int width;

    @Option(names = "--height", defaultValue = "53", paramLabel = "H", description = "input height (default ${DEFAULT-VALUE})")
    int height;

    @Option(names = "--length", defaultValue = "4", paramLabel = "L", description = "positions (default ${DEFAULT-VALUE})")
    int length;

    @Option(names = "--classes", defaultValue = "26", paramLabel = "K", description = "characters per position (default ${DEFAULT-VALUE})")
    int classes;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Preset p = CommandOptions.preset(preset);
        CommandOptions.atLeast(spec, "--length", length, 1);
        CommandOptions.atLeast(spec, "--classes", classes, 2);
        CommandOptions.fitsPreset(p, width, height, "--width x --height");
        NetworkSpec s = new NetworkSpec(p, width, height, length, classes);
        List<LayerSummary> layers = CaptchaNetwork.describe(s);
        out.printf(Locale.ROOT, "preset %s, input %dx%d RGB (width x height), %d positions x %d classes%n",
                s.preset().id(), width, height, length, classes);
        out.printf(Locale.ROOT, "%-14s %-22s %-14s %10s%n", "layer", "kind", "output", "parameters");
        long total = 0;
        for (LayerSummary l : layers) {
            out.printf(Locale.ROOT, "%-14s %-22s %-14s %,10d%n", l.name(), l.kind(), l.outputShape(), l.parameters());
            total += l.parameters();
        }
        out.printf(Locale.ROOT, "total parameters: %,d%n", total);
        out.flush();
        return 0;
    }
}
