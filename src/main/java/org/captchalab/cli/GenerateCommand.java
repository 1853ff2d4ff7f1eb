package org.captchalab.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.captchalab.dataset.CaptchaGenerator;
import org.captchalab.dataset.OutputTargets;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code generate --out DIR --count N --seed S}: QQ-style captchas; one seed always gives the same files. */
@Command(name = "generate", mixinStandardHelpOptions = true,
        description = "Generate QQ-style captchas (129x53, 4 letters, mixed-case glyphs, lowercase labels) as <label>_<index>.png.")
public final class GenerateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--out", required = true, paramLabel = "DIR",
            description = "output folder (created if needed; a file already in it is never written over)")
    Path out;

    @Option(names = "--count", defaultValue = "1000", paramLabel = "N", description = "how many (default ${DEFAULT-VALUE})")
    int count;

    @Option(names = "--seed", defaultValue = "1", paramLabel = "S", description = "random seed (default ${DEFAULT-VALUE})")
    long seed;

    @Override
    public Integer call() throws Exception {
        if (count <= 0) {
            spec.commandLine().getErr().println("error: --count must be positive (got " + count + ")");
            return 2;
        }
        OutputTargets.folderRefusal(out).ifPresent(why -> {
            throw new UsageError("--out " + out + ": " + why);
        });
        List<String> unlike = CaptchaGenerator.fontsUnlikeReference();
        if (!unlike.isEmpty()) {
            spec.commandLine().getErr().println("warning: this machine draws " + String.join(", ", unlike)
                    + " differently from the one that made sample-data and the shipped models' QQ-style data"
                    + " (Debian 12 with fonts-dejavu-core and fonts-noto-mono), so these images will differ from the ones"
                    + " seed " + seed + " gave there");
        }
        long start = System.nanoTime();
        CaptchaGenerator.Written w = new CaptchaGenerator(seed).writeAll(out, count);
        int written = w.count() - w.alreadyThere();
        spec.commandLine().getOut().printf("wrote %d captchas to %s (seed %d) in %.1f s%s%n", written, out, seed,
                (System.nanoTime() - start) / 1e9,
                w.alreadyThere() == 0 ? "" : "; " + w.alreadyThere() + " more were already there, identical");
        List<Path> kept = w.kept();
        if (!kept.isEmpty()) {
            spec.commandLine().getErr().println("note: " + kept.size() + " of the " + count + " captchas "
                    + (kept.size() == 1 ? "was" : "were") + " not written: something else of the same name was already in "
                    + out + " and is kept as it was (" + kept.get(0).getFileName()
                    + (kept.size() > 1 ? " and " + (kept.size() - 1) + " more" : "")
                    + "); delete " + (kept.size() == 1 ? "it" : "them") + ", or give another --out, to draw "
                    + (kept.size() == 1 ? "that captcha" : "those captchas") + " again");
        }
        return 0;
    }
}
