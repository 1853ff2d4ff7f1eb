package org.captchalab.cli;

import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/** {@code --model MODEL_DIR}, once or more, shared by {@code eval} and {@code predict}: one run or an ensemble. */
public class ModelArgs {

    @Option(names = "--model", required = true, paramLabel = "MODEL_DIR", description = "a saved run, e.g."
            + " models/qq-strong; given more than once, an ensemble: the runs' probabilities are averaged (same input"
            + " size, length, alphabet, case rule)")
    List<Path> dirs;

    /** Whether more than one run was given. */
    boolean ensemble() {
        return dirs.size() > 1;
    }
}
