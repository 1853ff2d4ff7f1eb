package org.captchalab.ui.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.captchalab.DamagedImages;
import org.captchalab.dataset.DatasetLoader;
import org.captchalab.dataset.DatasetOptions;
import org.captchalab.dataset.ImageSize;
import org.captchalab.dataset.TestImages;
import org.captchalab.model.ModelFolder;
import org.captchalab.model.Preset;
import org.captchalab.ui.fakes.SampleSets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run started as the window starts one, on the real backend. */
class GuiTrainingRunTest {

    static {
        org.captchalab.Nd4jTestSupport.init();
    }

    @TempDir
    Path temp;

    @Test
    void aRunStoppedBeforeItsFirstEpochEndsSavesNothingAndLeavesNoFolder() throws Exception {
        Path models = temp.resolve("models");
        Started run = start(models, 3, "seed-stopped");
        run.session().stop(); // as Stop pressed while the run starts
        assertThat(run.ended().get(120, TimeUnit.SECONDS)).isEqualTo("unsaved STOPPED");
        assertThat(Files.exists(models.resolve("seed-stopped"))).as("the run's folder").isFalse();
    }

    @Test
    void aCompletedRunIsSavedWithoutItsCheckpoint() throws Exception {
        Path models = temp.resolve("models");
        Started run = start(models, 1, "seed-done");
        assertThat(run.ended().get(180, TimeUnit.SECONDS)).isEqualTo("saved COMPLETED");
        Path folder = models.resolve("seed-done");
        assertThat(folder.resolve("run.json")).isRegularFile();
        assertThat(folder.resolve("network.sdz")).isRegularFile();
        assertThat(folder.resolve("checkpoint")).as("nothing left to resume").doesNotExist();
        // the folder's own rule (keep; its labels are all lowercase), as train records it, not the window's folding
        // of typed labels: eval on this folder then has no other case rule to warn of
        assertThat(ModelFolder.readInfo(folder).caseRule())
                .isEqualTo(DatasetLoader.load(temp.resolve("qq"), DatasetOptions.defaults()).caseRule().name())
                .isEqualTo("KEEP");
    }

    /**
     * Fine-tuning a run on a folder whose labels use fewer characters than the run knows (here: none with the letter
     * the other images' labels use least): the new run keeps the starting run's alphabet, as train --init-from does.
     */
    @Test
    void aRunStartsFromSavedWeightsThatKnowMoreCharactersThanTheLabelsUse() throws Exception {
        Path models = temp.resolve("models");
        Path all = SampleSets.generate(temp.resolve("qq"), 40, 5);
        assertThat(start(all, models, 1, "first", null).ended().get(180, TimeUnit.SECONDS)).isEqualTo("saved COMPLETED");
        String known = ModelFolder.readInfo(models.resolve("first")).alphabet();

        Path fewer = Files.createDirectories(temp.resolve("fewer"));
        List<Path> images;
        try (var files = Files.list(all)) {
            images = files.filter(f -> f.toString().endsWith(".png")).sorted().toList();
        }
        char rare = rarestCharacter(images);
        for (Path image : images) {
            if (image.getFileName().toString().split("_")[0].indexOf(rare) < 0) {
                Files.copy(image, fewer.resolve(image.getFileName()));
            }
        }
        StoreWorkspace ws = StoreWorkspace.open(fewer, models);
        assertThat(ws.alphabet().chars()).as("the folder's own alphabet").doesNotContain(String.valueOf(rare));
        assertThat(known).contains(String.valueOf(rare));

        Started tuned = start(fewer, models, 1, "tuned", models.resolve("first"));
        assertThat(tuned.ended().get(180, TimeUnit.SECONDS)).isEqualTo("saved COMPLETED");
        assertThat(ModelFolder.readInfo(models.resolve("tuned")).alphabet()).isEqualTo(known);
    }

    /** An image whose pixel data is damaged (its header whole) is left out of a run in the window, which goes on. */
    @Test
    void anImageThatWillNotDecodeIsLeftOutWithANoteAndTheRunGoesOn() throws Exception {
        Path models = temp.resolve("models");
        Path data = SampleSets.generate(temp.resolve("qq"), 40, 5);
        Path damaged;
        try (var files = Files.list(data)) {
            damaged = files.filter(f -> f.toString().endsWith(".png")).sorted().findFirst().orElseThrow();
        }
        DamagedImages.damagePixelData(damaged);
        Started run = start(data, models, 1, "with-a-damaged-image", null);
        assertThat(run.ended().get(180, TimeUnit.SECONDS)).isEqualTo("saved COMPLETED");
        assertThat(run.notes()).singleElement().asString().startsWith("1 image could not be decoded and was left out: "
                + damaged + ": damaged image data");
    }

    /**
     * A start that fails because the folder's store has closed (another folder opened while the run started) leaves
     * nothing behind: no run folder, and no statistics file opened and never closed.
     */
    @Test
    void aStartOnAStoreClosedMeanwhileFailsAndLeavesNoRunFolder() throws Exception {
        Path models = temp.resolve("models");
        StoreWorkspace ws = StoreWorkspace.open(SampleSets.generate(temp.resolve("qq"), 40, 5), models);
        TrainingRequest request = request(ws, 1, "on-a-closed-store", null);
        ws.close();
        assertThatThrownBy(() -> new Dl4jModelService().start(ws, request, new TrainingEvents() {
            @Override public void iteration(Iteration it) { }
            @Override public void epoch(Epoch ep) { }
            @Override public void finished(RunSummary run, Ending ending) { }
            @Override public void endedUnsaved(Ending ending) { }
            @Override public void failed(String message) { }
            @Override public void leftOut(String note) { }
        })).as("the labels as stored cannot be read").isInstanceOf(org.captchalab.store.StoreException.class);
        assertThat(models.resolve("on-a-closed-store")).doesNotExist();
    }

    /**
     * The seed preset needs 46 pixels a side; swust_cas_4char's images are 100x35. The window reads them scaled up
     * (aspect kept) as train does when no --input-size is given (132x46), instead of failing at the images' own size.
     */
    @Test
    void aSeedRunOnImagesSmallerThanThePresetTakesReadsThemScaledUpAsTrainDoes() throws Exception {
        Path shared = TestImages.sharedDatasets().resolve("swust_cas_4char").resolve("20191218");
        TestImages.requireSharedDataset(shared);
        Path data = Files.createDirectories(temp.resolve("swust"));
        try (var files = Files.list(shared)) {
            for (Path image : files.filter(f -> f.toString().endsWith(".jpg")).sorted().limit(40).toList()) {
                Files.copy(image, data.resolve(image.getFileName()));
            }
        }
        Path models = temp.resolve("models");
        assertThat(StoreWorkspace.open(data, models).inputSize()).containsExactly(100, 35);
        Started run = start(data, models, 1, "seed-swust", null);
        assertThat(run.ended().get(180, TimeUnit.SECONDS)).isEqualTo("saved COMPLETED");
        assertThat(ModelFolder.readInfo(models.resolve("seed-swust")).inputSize())
                .isEqualTo(Preset.SEED.inputSizeFor(new ImageSize(100, 35))).isEqualTo(new ImageSize(132, 46));
    }

    /**
     * A run that fails before its first epoch ends (here: the run it starts from has a damaged network) says why in
     * one line, without a "training failed" of its own (the window's dialog says that), and leaves no folder behind.
     */
    @Test
    void aRunThatFailsBeforeItsFirstEpochEndsSaysWhyOnceAndLeavesNoFolder() throws Exception {
        Path models = temp.resolve("models");
        Path data = SampleSets.generate(temp.resolve("qq"), 40, 5);
        assertThat(start(data, models, 1, "base", null).ended().get(180, TimeUnit.SECONDS)).isEqualTo("saved COMPLETED");
        Path network = models.resolve("base").resolve(ModelFolder.NETWORK);
        Files.write(network, java.util.Arrays.copyOf(Files.readAllBytes(network), 100));

        Started run = start(data, models, 1, "from-damaged", models.resolve("base"));
        assertThat(run.ended().get(180, TimeUnit.SECONDS)).isEqualTo("failed: cannot start from " + models.resolve("base")
                + ": network.sdz is not a readable SameDiff network (the file is damaged or cut short)");
        assertThat(models.resolve("from-damaged")).as("the failed run's folder").doesNotExist();
    }

    /**
     * One minibatch an epoch and an absurd learning rate: epoch 1 ends (a minibatch's loss is measured before its
     * update), epoch 2's loss is NaN or infinite. The window resumes no checkpoint, so the run is saved with its best
     * epoch so far and nothing else is left in its folder; the training view says so and tells the user.
     */
    @Test
    void aRunWhoseLossDivergesAfterAnEpochIsSavedWithItsBestEpochAndNoCheckpoint() throws Exception {
        Path models = temp.resolve("models");
        StoreWorkspace ws = StoreWorkspace.open(SampleSets.generate(temp.resolve("qq"), 40, 5), models);
        TrainingRequest sane = request(ws, 5, "diverging", null);
        TrainingRequest crazy = new TrainingRequest("seed", 5, 64, 1e30, null, false, 1, 0, "diverging",
                sane.snapshot(), null);
        CompletableFuture<String> ended = new CompletableFuture<>();
        new Dl4jModelService().start(ws, crazy, new TrainingEvents() {
            @Override public void iteration(Iteration it) { }
            @Override public void epoch(Epoch ep) { }
            @Override public void finished(RunSummary run, Ending ending) { ended.complete("saved " + ending + " " + run.epochs()); }
            @Override public void endedUnsaved(Ending ending) { ended.complete("unsaved " + ending); }
            @Override public void failed(String message) { ended.complete("failed: " + message); }
            @Override public void leftOut(String note) { }
        });
        assertThat(ended.get(180, TimeUnit.SECONDS)).isEqualTo("saved DIVERGED 1");
        Path folder = models.resolve("diverging");
        assertThat(ModelFolder.readInfo(folder).finalMetrics()).containsEntry("status", "failed");
        assertThat(folder.resolve("network.sdz")).isRegularFile();
        assertThat(folder.resolve("checkpoint")).as("the window resumes no checkpoint").doesNotExist();
    }

    /** The character the labels of these images use least, so that leaving its images out leaves most. */
    private static char rarestCharacter(List<Path> images) {
        Map<Character, Long> counts = new TreeMap<>();
        for (Path image : images) {
            for (char c : image.getFileName().toString().split("_")[0].toCharArray()) {
                counts.merge(c, 1L, Long::sum);
            }
        }
        return counts.entrySet().stream().min(Map.Entry.comparingByValue()).orElseThrow().getKey();
    }

    private record Started(TrainingSession session, CompletableFuture<String> ended, List<String> notes) {
    }

    /** A request to train on the folder's labelled images, as the window makes one. */
    private static TrainingRequest request(StoreWorkspace ws, int epochs, String name, Path startFrom) {
        List<TrainingRequest.LabelledSample> snapshot = ws.rows().stream().filter(r -> r.label() != null)
                .map(r -> new TrainingRequest.LabelledSample(r.index(), r.label(), r.split() == null ? "train" : r.split().id()))
                .toList();
        return new TrainingRequest("seed", epochs, 4, 1e-3, null, false, 1, 0, name, snapshot, startFrom);
    }

    private Started start(Path models, int epochs, String name) throws Exception {
        return start(SampleSets.generate(temp.resolve("qq"), 40, 5), models, epochs, name, null);
    }

    private Started start(Path data, Path models, int epochs, String name, Path startFrom) throws Exception {
        StoreWorkspace ws = StoreWorkspace.open(data, models);
        assertThat(ws.imageCount()).as("counted without building the rows").isEqualTo(ws.rows().size()).isPositive();
        TrainingRequest request = request(ws, epochs, name, startFrom);
        CompletableFuture<String> ended = new CompletableFuture<>();
        List<String> notes = new CopyOnWriteArrayList<>();
        TrainingSession session = new Dl4jModelService().start(ws, request, new TrainingEvents() {
            @Override public void iteration(Iteration it) { }
            @Override public void epoch(Epoch ep) { if (epochs > 1) { ended.complete("an epoch ended"); } }
            @Override public void finished(RunSummary run, Ending ending) { ended.complete("saved " + ending); }
            @Override public void endedUnsaved(Ending ending) { ended.complete("unsaved " + ending); }
            @Override public void failed(String message) { ended.complete("failed: " + message); }
            @Override public void leftOut(String note) { notes.add(note); }
        });
        return new Started(session, ended, notes);
    }
}
