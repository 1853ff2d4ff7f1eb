package org.captchalab.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.captchalab.dataset.CaptchaSample;
import org.captchalab.dataset.Dataset;
import org.captchalab.dataset.DatasetException;
import org.captchalab.dataset.Problem;
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

    /**
     * The loader's problems that left an image out or unlabelled: an unreadable image, a label of the wrong length or
     * with characters outside the alphabet, images with no row in labels.csv. Not a labels.csv row it skipped or
     * read differently (a duplicate, a header, a file that does not exist: no image is lost by those), nor the
     * folder's own "no usable images", which the commands word themselves.
     */
    List<Problem> leftOut() {
        return dataset.problems().stream()
                .filter(p -> p.kind() != Problem.Kind.LABELS_ROW && p.kind() != Problem.Kind.NO_IMAGES)
                .toList();
    }

    /** One line on {@link #leftOut()}: how many problems and the first. Empty when there were none. */
    Optional<String> problemsNote() {
        List<Problem> problems = leftOut();
        if (problems.isEmpty()) {
            return Optional.empty();
        }
        int n = problems.size();
        return Optional.of(n + (n == 1 ? " problem" : " problems") + " reading " + dataset.root() + " left images out: "
                + problems.get(0) + (n == 1 ? "" : " (and " + (n - 1) + " more)"));
    }

    List<CaptchaSample> samples(Split s) {
        return split.select(dataset.trainable(), s);
    }

    /**
     * The labelled images of {@code which} split ("all": every one) that are in a conflict: a byte-identical image
     * carries another label. Not {@link #samples(String)}: at most one of their labels is right, so they measure
     * nothing, but eval lists the ones it misreads, since one of them carries a wrong label.
     */
    List<CaptchaSample> conflicting(String which) {
        List<CaptchaSample> labelled = dataset.samples().stream()
                .filter(s -> s.label() != null && dataset.isConflicting(s.path())).toList();
        return "all".equalsIgnoreCase(which) ? labelled : split.select(labelled, Split.parse(which));
    }

    /** "test", "val", "train" or "all". */
    List<CaptchaSample> samples(String which) {
        if ("all".equalsIgnoreCase(which)) {
            return new ArrayList<>(dataset.trainable());
        }
        return samples(Split.parse(which));
    }
}
