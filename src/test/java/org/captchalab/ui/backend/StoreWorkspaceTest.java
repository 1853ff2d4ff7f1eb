package org.captchalab.ui.backend;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.captchalab.dataset.TestImages;
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
}
