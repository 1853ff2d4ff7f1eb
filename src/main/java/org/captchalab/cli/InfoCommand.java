package org.captchalab.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.captchalab.dataset.Dataset;
import org.captchalab.store.StoreLocation;
import org.captchalab.store.WorkStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code info DIR}: what CaptchaLab sees in a dataset folder. It reads the work store if one exists (so edited
 * labels count) but never creates one, so looking at a read-only dataset leaves no trace. The report is always
 * printed; the exit status is 1 when no image is labelled (see {@link #nothingToWorkWith}).
 */
@Command(name = "info", mixinStandardHelpOptions = true,
        description = "Describe a dataset: images, sizes, label length, alphabet, label source, conflicts, problems."
                + " The exit status is 1 when no image is labelled (there is no image, or none has a label).")
public final class InfoCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DIR", description = "the dataset folder")
    Path dir;

    @Mixin
    DatasetArgs datasetArgs;

    @Option(names = "--json", description = "print JSON instead of text")
    boolean json;

    @Override
    public Integer call() throws Exception {
        Optional<Dataset> loaded = datasetArgs.loadOrReport(dir, spec.commandLine().getErr());
        if (loaded.isEmpty()) {
            return 1;
        }
        Dataset dataset = loaded.get();
        int edited = 0;
        String notice = null;
        Optional<StoreLocation> existing = StoreLocation.existing(dir);
        if (existing.isPresent()) {
            try (WorkStore store = WorkStore.openAt(existing.get())) {
                edited = store.editedPaths().size();
                dataset = store.applyTo(dataset);
                notice = existing.get().notice();
            }
        }
        DatasetReport report = new DatasetReport(dataset, edited, notice);
        report.printProblems(spec.commandLine().getErr());
        if (json) {
            report.printJson(spec.commandLine().getOut());
        } else {
            report.printText(spec.commandLine().getOut());
        }
        spec.commandLine().getOut().flush();
        return nothingToWorkWith(dataset, spec.commandLine().getErr()) ? 1 : 0;
    }

    /**
     * Whether no image is labelled, which makes the exit status 1 after the report: nothing can be trained, evaluated,
     * calibrated or exported, as those commands would each refuse. An empty folder has been named by the loader's
     * problem line ("no usable images found"); images without a label get one line here, in the same form.
     */
    private static boolean nothingToWorkWith(Dataset dataset, PrintWriter err) {
        if (dataset.samples().isEmpty()) {
            return true;
        }
        if (dataset.labelledCount() > 0) {
            return false;
        }
        int n = dataset.samples().size();
        err.println(dataset.root() + ": " + (n == 1 ? "its only image is not" : "none of its " + n + " images is")
                + " labelled (labels from " + dataset.labelSource().description() + "), so there is nothing to train"
                + " or evaluate on");
        return true;
    }
}
