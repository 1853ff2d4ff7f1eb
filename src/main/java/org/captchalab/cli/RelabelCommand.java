package org.captchalab.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.captchalab.dataset.Dataset;
import org.captchalab.store.Edit;
import org.captchalab.store.WorkStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code relabel DIR FILE LABEL}: changes one image's label in the work store (with history, so the window can
 * undo it). The image file and the labels CSV are left alone; {@code export} writes the labels out.
 */
@Command(name = "relabel", mixinStandardHelpOptions = true,
        description = "Set one image's label in the dataset's work store (kept in the history; files untouched).")
public final class RelabelCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DIR", description = "the dataset folder")
    Path dir;

    @Parameters(index = "1", paramLabel = "FILE", description = "the image, relative to DIR (or a path to it)")
    String file;

    @Parameters(index = "2", paramLabel = "LABEL", description = "the new label")
    String label;

    @Mixin
    DatasetArgs datasetArgs;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Optional<Dataset> loaded = datasetArgs.loadOrReport(dir, err);
        if (loaded.isEmpty()) {
            return 1;
        }
        Dataset dataset = loaded.get();
        String path = relativePath(dataset.root(), file);
        if (dataset.sample(path).isEmpty()) {
            // "error: " as every command's failure begins, so a script can tell it from a note
            err.println("error: " + file + ": not an image of this dataset");
            return 1;
        }
        String normalised = dataset.normalise(label);
        Optional<String> wrong = dataset.checkLabel(normalised);
        if (wrong.isPresent()) {
            boolean newCharacter = dataset.alphabetInferred() && dataset.alphabet() != null
                    && !dataset.alphabet().accepts(normalised);
            err.println("error: " + path + ": " + wrong.get() + (newCharacter
                    ? " (inferred from the labels; --alphabet gives the characters a label may use)" : ""));
            return 1;
        }
        try (WorkStore store = WorkStore.open(dataset)) {
            store.notice().ifPresent(n -> err.println("note: " + n));
            Optional<Edit> edit = store.setLabel(path, normalised);
            if (edit.isPresent()) {
                out.println(path + ": " + edit.get().oldLabel() + " -> " + edit.get().newLabel() + " (saved)");
            } else {
                out.println(path + ": already " + normalised);
            }
        }
        return 0;
    }

    /** Accepts {@code sub/abcd.png} or a path to the file (absolute or relative to the working folder). */
    static String relativePath(Path root, String file) {
        Path asGiven = Path.of(file);
        Path candidate = asGiven.isAbsolute() ? asGiven : Path.of("").toAbsolutePath().resolve(asGiven);
        candidate = candidate.normalize();
        if (Files.exists(candidate) && candidate.startsWith(root)) {
            return root.relativize(candidate).toString().replace('\\', '/');
        }
        return file.replace('\\', '/');
    }
}
