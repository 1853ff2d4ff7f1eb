package org.captchalab.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The labels CSV written by {@link LabelExport#writeCsv}: never over the labels file the dataset was read from. */
class LabelExportTest {

    @TempDir
    Path dir;

    @Test
    void theLabelsFileTheDatasetWasReadFromIsNotWrittenOverUnderAnyName() throws Exception {
        Path set = dir.resolve("set");
        TestImages.write(set.resolve("one.png"), 20, 10, 1);
        TestImages.write(set.resolve("two.png"), 20, 10, 2);
        String csv = "filename,label\none.png,aaaa\ntwo.png,bbbb\n";
        Path labels = Files.writeString(set.resolve("labels.csv"), csv);
        Path link = Files.createSymbolicLink(dir.resolve("link.csv"), labels);
        Dataset inFolder = DatasetLoader.load(set, DatasetOptions.defaults());
        for (Path name : new Path[] {labels, set.resolve("..").resolve("set").resolve("labels.csv"), link}) {
            assertThatThrownBy(() -> LabelExport.writeCsv(inFolder, name)).isInstanceOf(IOException.class)
                    .hasMessage(name + ": it is the labels file the dataset is read from, which this would replace;"
                            + " name another file");
        }
        Path given = Files.writeString(dir.resolve("given.csv"), csv);
        Dataset named = DatasetLoader.load(set, DatasetOptions.defaults().withLabelsFile(given));
        assertThatThrownBy(() -> LabelExport.writeCsv(named, given)).isInstanceOf(IOException.class);
        assertThat(Files.readString(labels)).isEqualTo(csv);
        assertThat(Files.readString(given)).isEqualTo(csv);

        // ".." after a link to a folder elsewhere leads elsewhere: written there, and the labels file is left alone
        Path away = Files.createDirectories(dir.resolve("away/inner"));
        Path lnk = Files.createSymbolicLink(set.resolve("lnk"), away);
        assertThat(LabelExport.writeCsv(inFolder, lnk.resolve("..").resolve("labels.csv")).rows()).isEqualTo(2);
        assertThat(Files.readString(labels)).isEqualTo(csv);
        assertThat(dir.resolve("away/labels.csv")).exists();
        Files.delete(lnk);

        // with --labels elsewhere, the folder's labels.csv is not the one read: a re-export may replace it
        assertThat(LabelExport.writeCsv(named, labels).rows()).isEqualTo(2);
    }

    @Test
    void aFolderWhosePermissionsGrantNoWritingIsNotWrittenInEvenByRoot() throws Exception {
        Path set = dir.resolve("set");
        TestImages.write(set.resolve("one.png"), 20, 10, 1);
        Dataset ds = DatasetLoader.load(set, DatasetOptions.defaults());
        Path locked = Files.createDirectories(dir.resolve("locked"));
        Files.setPosixFilePermissions(locked, java.nio.file.attribute.PosixFilePermissions.fromString("r-xr-xr-x"));
        try {
            assertThatThrownBy(() -> LabelExport.writeCsv(ds, locked.resolve("labels.csv"))).isInstanceOf(IOException.class)
                    .hasMessage(locked.resolve("labels.csv") + ": the folder " + locked + " is read-only");
            assertThat(locked.resolve("labels.csv")).doesNotExist();
            assertThat(OutputTargets.writable(locked)).isFalse();
            assertThat(OutputTargets.writable(dir)).isTrue();
        } finally {
            Files.setPosixFilePermissions(locked, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    @Test
    void sameFileSeesThroughSpellingsAndLinks() throws Exception {
        Path real = Files.createDirectories(dir.resolve("real"));
        Path file = Files.writeString(real.resolve("labels.csv"), "x");
        Path folderLink = Files.createSymbolicLink(dir.resolve("alias"), real);
        assertThat(OutputTargets.sameFile(file, folderLink.resolve("labels.csv"))).isTrue();
        assertThat(OutputTargets.sameFile(file, Files.createLink(dir.resolve("hard.csv"), file))).isTrue();
        assertThat(OutputTargets.sameFile(file, real.resolve("other.csv"))).isFalse();
        // a name for nothing yet: where it would be made
        assertThat(OutputTargets.sameFile(real.resolve("new.csv"), folderLink.resolve("sub/../new.csv"))).isTrue();
        assertThat(OutputTargets.sameFile(real.resolve("new.csv"), real.resolve("newer.csv"))).isFalse();
        // .. after a link to a folder goes up from where the link leads, not back to where it sits
        Path deep = Files.createDirectories(dir.resolve("deep/inner"));
        Path up = Files.createSymbolicLink(dir.resolve("up"), deep);
        Path beside = Files.writeString(dir.resolve("deep/labels.csv"), "y");
        Files.writeString(dir.resolve("labels.csv"), "z");
        assertThat(OutputTargets.sameFile(up.resolve("..").resolve("labels.csv"), beside)).isTrue();
        assertThat(OutputTargets.sameFile(up.resolve("..").resolve("labels.csv"), dir.resolve("labels.csv"))).isFalse();
    }
}
