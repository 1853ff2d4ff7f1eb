package org.captchalab.model;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.captchalab.dataset.Dataset;
import org.captchalab.dataset.ImageSize;

/**
 * The sizes of the images that one run, or every run of an ensemble, was trained on, and what images of another size
 * are told ({@code eval}'s warning, {@code predict}'s notes). Every run is compared, not only the first: joining an
 * ensemble checks the input size, not the images the runs were trained on, so the runs of one ensemble may have been
 * trained on images of different sizes, and an image size is worth saying when it is unlike the images of any of
 * them. Read from run.json alone: no network is needed.
 */
public final class TrainingImageSizes {

    /** A run as it is named in the lines (its folder as typed, or the window's run name) and its run.json. */
    private record Run(String name, RunInfo info) {
    }

    private final List<Run> runs;

    /** {@code runs}: one run, or the runs of an ensemble (which share one input size), each named by its folder. */
    public TrainingImageSizes(List<SavedModel> runs) {
        this(runs.stream().map(m -> m.folder().toString()).toList(), runs.stream().map(SavedModel::info).toList());
    }

    /**
     * From run.json alone, as the window has it before (or without) loading the networks: {@code names[i]} names the
     * run of {@code infos[i]}.
     */
    public TrainingImageSizes(List<String> names, List<RunInfo> infos) {
        if (infos.isEmpty() || names.size() != infos.size()) {
            throw new IllegalArgumentException(names.size() + " names for " + infos.size() + " runs");
        }
        List<Run> all = new ArrayList<>();
        for (int i = 0; i < infos.size(); i++) {
            all.add(new Run(names.get(i), infos.get(i)));
        }
        this.runs = List.copyOf(all);
    }

    /**
     * The warning that the dataset's images (their most common size, as found on disk) are unlike the images a run
     * was trained on; empty when every run was trained on images of that size, or the dataset has no images. A run
     * saved before run.json recorded its images' size is compared with its input size instead, and then says nothing
     * on the folder it was trained on (it resized these same images to its input size). {@code --input-size} plays no
     * part: a saved model resizes every image to its own input.
     */
    public Optional<String> datasetWarning(Dataset dataset) {
        return dataset.sizes().keySet().stream().findFirst().flatMap(seen -> folderWarning(seen, dataset.root()));
    }

    /**
     * As {@link #datasetWarning}, for the folder {@code root} whose images are most often {@code mostCommon}: the
     * window knows these from the folder it has open.
     */
    public Optional<String> folderWarning(ImageSize mostCommon, Path root) {
        String images = "the dataset's images are " + mostCommon + " (the most common size)";
        return told(mostCommon, root).map(t -> images + (runs.size() == 1 ? ", " : "; ") + t);
    }

    /**
     * What images of {@code size} are told after the words that say which they are ("3 of 5 images are 160x60; ..."),
     * or empty when every run was trained on images of that size: for one run "the model was trained on 129x53 images
     * (each is resized to its 96x40 input)", for an ensemble the runs they are unlike, named by folder when not all.
     */
    public Optional<String> unlike(ImageSize size) {
        return told(size, null);
    }

    /** {@code root} is the folder read (a run that did not record its images is quiet on its own), or null. */
    private Optional<String> told(ImageSize size, Path root) {
        // the runs unlike these images, grouped by how they were trained so that runs of one kind are named together
        Map<String, Set<String>> unlikeByHow = new LinkedHashMap<>();
        int unlike = 0;
        for (Run run : runs) {
            RunInfo info = run.info();
            if (info.trainedOnSize(size)) {
                continue;
            }
            boolean unrecorded = info.imageSize() == null;
            if (unrecorded && root != null && RunInfo.isRecordedFolder(info.datasetPath(), root)) {
                continue;
            }
            // eval knows these images are not the run's own (its folder is another): "on other images" says so
            String how = info.trainedHow() + (unrecorded && root != null ? " on other images" : "");
            unlikeByHow.computeIfAbsent(how, h -> new LinkedHashSet<>()).add(run.name());
            unlike++;
        }
        if (unlike == 0) {
            return Optional.empty();
        }
        RunInfo first = runs.get(0).info();
        if (runs.size() == 1) {
            // the words one run has always used; eval's "on other images" sits before the brackets
            return Optional.of(first.imageSize() != null || root == null ? first.trainedOn()
                    : "the model was trained " + unlikeByHow.keySet().iterator().next() + " (each is resized to it)");
        }
        // the runs of an ensemble share one input size: they could not have joined otherwise
        String resized = " (each image is resized to their " + first.inputSize() + " input)";
        if (unlike == runs.size() && unlikeByHow.size() == 1) {
            return Optional.of("the ensemble's " + runs.size() + " runs were trained " + unlikeByHow.keySet().iterator().next()
                    + resized);
        }
        List<String> groups = new ArrayList<>();
        unlikeByHow.forEach((how, names) -> {
            String who = RunInfo.listed(new ArrayList<>(names));
            // the verb once, in the first group: "a was trained on 64x24 images; b and c on 40x16 images"
            groups.add(groups.isEmpty() ? who + (names.size() == 1 ? " was" : " were") + " trained " + how : who + " " + how);
        });
        return Optional.of("of the ensemble's " + runs.size() + " runs, " + String.join("; ", groups) + resized);
    }
}
