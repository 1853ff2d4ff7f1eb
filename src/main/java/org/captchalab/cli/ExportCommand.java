package org.captchalab.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.captchalab.dataset.Dataset;
import org.captchalab.dataset.DatasetLoader;
import org.captchalab.dataset.LabelExport;
import org.captchalab.dataset.OutputTargets;
import org.captchalab.dataset.Problem;
import org.captchalab.store.StoreLocation;
import org.captchalab.store.WorkStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code export DIR --out FILE [--copy-images DIR]}: the current labels as a labels CSV, optionally with copies. */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Write the current labels (edits included) to a labels CSV; optionally copy the images to a new folder as <label>_<hash>.<ext>.")
public final class ExportCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DIR", description = "the dataset folder")
    Path dir;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "the labels CSV to write")
    Path out;

    @Option(names = "--copy-images", paramLabel = "DIR", description = "also copy every labelled image into this new folder")
    Path copyTo;

    @Mixin
    DatasetArgs datasetArgs;

    @Override
    public Integer call() throws Exception {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        checkTargets();
        Optional<Dataset> loaded = datasetArgs.loadOrReport(dir, err);
        if (loaded.isEmpty()) {
            return 1;
        }
        Dataset dataset = loaded.get();
        if (dataset.samples().isEmpty()) {
            // nothing to export: an existing CSV at --out is left as it is
            dataset.problems().stream().filter(p -> p.kind() == Problem.Kind.NO_IMAGES)
                    .forEach(p -> err.println("error: " + p));
            return 1;
        }
        Optional<StoreLocation> existing = StoreLocation.existing(dir);
        if (existing.isPresent()) {
            try (WorkStore store = WorkStore.openAt(existing.get())) {
                dataset = store.applyTo(dataset);
            }
        }
        if (dataset.samples().stream().allMatch(s -> s.label() == null)) {
            err.println("error: " + dir + ": none of its " + dataset.samples().size()
                    + " image(s) has a label, so there is nothing to export");
            return 1;
        }
        try {
            LabelExport.Result r = LabelExport.writeCsv(dataset, out);
            stdout.println("wrote " + r.rows() + " labels to " + out
                    + (r.unlabelled() > 0 ? " (" + r.unlabelled() + " unlabelled image(s) left out)" : ""));
            if (!dataset.conflicts().isEmpty()) {
                err.println("note: " + dataset.conflicts().size()
                        + " conflict group(s) exported as they are; resolve them before training");
            }
            if (copyTo != null) {
                int copied = LabelExport.copyImages(dataset, copyTo);
                stdout.println("copied " + copied + " images to " + copyTo);
            }
        } catch (IOException e) {
            err.println("error: " + UserMessages.oneLine(e));
            return 1;
        }
        return 0;
    }

    /**
     * Refuses, before anything is read or written, a --out that is a folder or would replace an image or the labels file
     * the dataset is read from (--labels, or the folder's labels.csv), and a --copy-images folder that cannot take the
     * copies (so the CSV is not written when the copies would fail).
     */
    private void checkTargets() {
        OutputTargets.csvRefusal(dir, out).or(() -> SavedRunFiles.refusal(out)).ifPresent(why -> {
            throw new UsageError("--out " + out + ": " + why);
        });
        OutputTargets.labelsFileRefusal(DatasetLoader.labelsFileRead(dir, datasetArgs.labels), out).ifPresent(why -> {
            throw new UsageError("--out " + out + ": " + why);
        });
        if (copyTo != null) {
            OutputTargets.copyFolderRefusal(dir, copyTo).ifPresent(why -> {
                throw new UsageError("--copy-images " + copyTo + ": " + why);
            });
            if (out.toAbsolutePath().normalize().startsWith(copyTo.toAbsolutePath().normalize())) {
                throw new UsageError("--out " + out + ": it is inside the --copy-images folder, which is for the copies alone");
            }
        }
    }
}
