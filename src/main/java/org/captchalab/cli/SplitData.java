package org.captchalab.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.captchalab.dataset.CaptchaSample;
import org.captchalab.dataset.Dataset;
import org.captchalab.dataset.DatasetException;
import org.captchalab.dataset.Split;
import org.captchalab.dataset.SplitAssignment;
import org.captchalab.store.WorkStore;

/**
 * A dataset as train/eval see it: loaded with the shared dataset options, with the work store's current
 * labels applied, and the persisted split. Only trainable images (labelled, not in a conflict) are used.
 */
record SplitData(Dataset dataset, SplitAssignment split, String notice) {

    static SplitData load(Path dir, DatasetArgs args) throws DatasetException {
        Dataset d = args.load(dir);
        try (WorkStore store = WorkStore.open(d)) {
            Dataset current = store.applyTo(d);
            return new SplitData(current, store.assignment(), store.notice().orElse(null));
        }
    }

    List<CaptchaSample> samples(Split s) {
        return split.select(dataset.trainable(), s);
    }

    /** "test", "val", "train" or "all". */
    List<CaptchaSample> samples(String which) {
        if ("all".equalsIgnoreCase(which)) {
            return new ArrayList<>(dataset.trainable());
        }
        return samples(Split.parse(which));
    }
}
