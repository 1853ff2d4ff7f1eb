package org.captchalab.ui.backend;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.captchalab.dataset.TestImages;
import org.captchalab.ui.shared.Background;
import org.captchalab.ui.shared.DatasetState;
import org.captchalab.ui.shared.SampleRow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The window's view of a dataset folder, on the real loader and work store. */
class StoreWorkspaceTest {

    @TempDir
    Path dir;

    @Test
    void aStrayCharacterCorrectedInTheWindowLeavesTheAlphabetOnTheNextOpen() throws Exception {
        for (int i = 0; i < 3; i++) {
            TestImages.write(dir.resolve("img" + i + ".png"), 20, 10, i + 1);
        }
        Files.writeString(dir.resolve("labels.csv"), "filename,label\nimg0.png,abcd\nimg1.png,dcba\nimg2.png,ab1!\n");
        Path models = dir.resolve("models");
        int stray;
        try (StoreWorkspace ws = StoreWorkspace.open(dir, models)) {
            assertThat(ws.alphabet().chars()).isEqualTo("!1abcd");
            stray = ws.rows().stream().filter(r -> "ab1!".equals(r.label())).findFirst().orElseThrow().index();
            ws.saveLabel(stray, "abcd");
        }
        try (StoreWorkspace again = StoreWorkspace.open(dir, models)) {
            // the saved models for a-d fit again; the labels file itself is untouched
            assertThat(again.alphabet().chars()).isEqualTo("abcd");
            assertThat(again.rows().get(stray).label()).isEqualTo("abcd");
        }
        assertThat(Files.readString(dir.resolve("labels.csv"))).contains("img2.png,ab1!");
    }

    /**
     * Two byte-identical images with different labels: correcting one clears both flags in the window at once, a
     * reopen agrees, and undoing the correction after the reopen flags them again.
     */
    @Test
    void conflictFlagsFollowACorrectionAndItsUndoAcrossAReopen() throws Exception {
        TestImages.write(dir.resolve("k0t2.png"), 20, 10, 7);
        TestImages.write(dir.resolve("m0t2.png"), 20, 10, 7);
        TestImages.write(dir.resolve("abcd.png"), 20, 10, 3);
        Path models = dir.resolve("models");
        try (StoreWorkspace ws = StoreWorkspace.open(dir, models)) {
            assertThat(ws.identicalImages()).hasSize(1);
            DatasetState state = new DatasetState(ws, ws.rows(), Background.DIRECT);
            assertThat(conflicting(state)).containsExactly("k0t2.png", "m0t2.png");
            state.saveLabel(index(state, "k0t2.png"), "m0t2", e -> { throw new AssertionError(e); });
            assertThat(conflicting(state)).isEmpty();
        }
        try (StoreWorkspace again = StoreWorkspace.open(dir, models)) {
            assertThat(again.rows()).noneMatch(SampleRow::conflict);
            DatasetState state = new DatasetState(again, again.rows(), Background.DIRECT);
            state.undo(c -> { }, () -> { throw new AssertionError("nothing to undo"); }, e -> { throw new AssertionError(e); });
            assertThat(conflicting(state)).containsExactly("k0t2.png", "m0t2.png");
        }
    }

    /**
     * File > Export labels: a correction saved in the window is in the CSV, the folder's own labels.csv is refused
     * (and left as it was), and the labels file is never touched.
     */
    @Test
    void exportWritesTheCorrectedLabelsAndRefusesTheFoldersOwnLabelsFile() throws Exception {
        for (int i = 0; i < 3; i++) {
            TestImages.write(dir.resolve("img" + i + ".png"), 20, 10, i + 1);
        }
        String original = "filename,label\nimg0.png,abcd\nimg1.png,dcba\nimg2.png,k0t2\n";
        Files.writeString(dir.resolve("labels.csv"), original);
        Path out = dir.resolve("out").resolve("swust-labels.csv");
        try (StoreWorkspace ws = StoreWorkspace.open(dir, dir.resolve("models"))) {
            DatasetState state = new DatasetState(ws, ws.rows(), Background.DIRECT);
            state.saveLabel(index(state, "img2.png"), "m0t2", e -> { throw new AssertionError(e); });
            java.util.List<org.captchalab.dataset.LabelExport.Result> done = new java.util.ArrayList<>();
            state.exportLabels(out, done::add, e -> { throw new AssertionError(e); });
            assertThat(done).containsExactly(new org.captchalab.dataset.LabelExport.Result(3, 0));
            assertThat(Files.readAllLines(out)).containsExactly("filename,label", "img0.png,abcd", "img1.png,dcba",
                    "img2.png,m0t2");

            java.util.List<Exception> refused = new java.util.ArrayList<>();
            state.exportLabels(dir.resolve("labels.csv"), r -> { throw new AssertionError("written: " + r); }, refused::add);
            assertThat(refused).hasSize(1);
            assertThat(refused.get(0).getMessage()).contains("labels.csv");
        }
        assertThat(Files.readString(dir.resolve("labels.csv"))).isEqualTo(original);
    }

    private static java.util.List<String> conflicting(DatasetState state) {
        return java.util.Arrays.stream(state.snapshot()).filter(SampleRow::conflict).map(SampleRow::path).sorted().toList();
    }

    private static int index(DatasetState state, String path) {
        return java.util.Arrays.stream(state.snapshot()).filter(r -> r.path().equals(path)).findFirst().orElseThrow().index();
    }
}
