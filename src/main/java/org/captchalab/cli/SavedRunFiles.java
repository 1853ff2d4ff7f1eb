package org.captchalab.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import org.captchalab.model.ModelFolder;
import org.captchalab.training.Checkpoint;
import org.captchalab.training.TrainingStats;

/**
 * Why a file that a command writes (eval's {@code --misread}, export's {@code --out}) must not go where it was asked
 * to: it would replace one of a saved run's own files, or land in a run's checkpoint folder. {@code eval --model m
 * --misread m/run.json} wrote its CSV over the run.json of the model it had just read, and the run could no longer
 * be opened.
 */
final class SavedRunFiles {

    /** The files a saved run consists of. */
    private static final Set<String> NAMES = Set.of(ModelFolder.RUN_JSON, ModelFolder.NETWORK, ModelFolder.METRICS_CSV,
            TrainingStats.FILE);

    private SavedRunFiles() {
    }

    /** The reason in one line without the path (the caller names the option and the path), or empty. */
    static Optional<String> refusal(Path file) {
        Path target = file.toAbsolutePath().normalize();
        if (Files.exists(target)) {
            try {
                // a link to a run's file names the file it would reach
                target = target.toRealPath();
            } catch (IOException e) {
                // the check below works on the name as given then
            }
        }
        Path folder = target.getParent();
        if (folder == null) {
            return Optional.empty();
        }
        if (Files.isDirectory(folder)) {
            try {
                folder = folder.toRealPath();
            } catch (IOException e) {
                // named as given
            }
        }
        if (NAMES.contains(target.getFileName().toString()) && ModelFolder.holdsRun(folder)) {
            return Optional.of("it is one of the files of the saved run in " + folder + ", which this would replace;"
                    + " name another file");
        }
        // the checkpoint's own file marks its folder
        if (Files.isRegularFile(folder.resolve(Checkpoint.JSON_FILE))) {
            return Optional.of("it is inside the checkpoint folder " + folder + ", which a run resumes from; name a file"
                    + " elsewhere");
        }
        return Optional.empty();
    }
}
