package org.captchalab.ui.backend;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * What the user asked for, plus a frozen copy of the labels taken on the FX thread when Start was pressed:
 * edits saved while the run goes on are used by the next run, never by this one.
 *
 * @param augmentStrength how strong the augmentation is when {@code augment} is on (1 is the standard amount, 0 to 4)
 * @param weightDecay     decoupled weight decay (0: off)
 * @param startFrom       a saved run's folder whose weights the run starts from (fine-tuning), or null for new weights
 */
public record TrainingRequest(String preset, int epochs, int batchSize, double learningRate, Duration timeLimit,
                              boolean augment, double augmentStrength, double weightDecay, String runName,
                              List<LabelledSample> snapshot, Path startFrom) {

    /** One training example of the snapshot: sample index, label, split id ("train", "val", "test"). */
    public record LabelledSample(int index, String label, String split) {
    }
}
