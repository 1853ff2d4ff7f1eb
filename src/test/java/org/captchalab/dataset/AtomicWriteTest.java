package org.captchalab.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files replaced through a temporary file keep their permissions; new ones get the folder's usual ones. */
class AtomicWriteTest {

    @TempDir
    Path tmp;

    @BeforeEach
    void posixOnly() {
        assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"), "POSIX permissions");
    }

    /** The permissions a file created plainly in {@code folder} gets, as "rw-r--r--". */
    static String plainPermissions(Path folder) throws IOException {
        Path plain = Files.createFile(folder.resolve("plain-" + System.nanoTime()));
        try {
            return PosixFilePermissions.toString(Files.getPosixFilePermissions(plain));
        } finally {
            Files.delete(plain);
        }
    }

    static String permissions(Path file) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(file));
    }

    @Test
    void aNewFileGetsWhatAPlainlyCreatedFileGets() throws Exception {
        Path file = tmp.resolve("run.json");
        AtomicWrite.writeString(file, "{}");
        assertThat(Files.readString(file)).isEqualTo("{}");
        assertThat(permissions(file)).isEqualTo(plainPermissions(tmp));
        assertThat(names(tmp)).containsExactly("run.json");
    }

    @Test
    void aReplacedFileKeepsItsPermissions() throws Exception {
        Path shared = Files.writeString(tmp.resolve("labels.csv"), "old\n");
        Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rw-r--r--"));
        AtomicWrite.writeString(shared, "new\n");
        assertThat(Files.readString(shared)).isEqualTo("new\n");
        assertThat(permissions(shared)).isEqualTo("rw-r--r--");

        // modes a plain creation would not give either way: kept too
        Path mine = Files.writeString(tmp.resolve("mine.csv"), "old\n");
        Files.setPosixFilePermissions(mine, PosixFilePermissions.fromString("rw-------"));
        AtomicWrite.writeString(mine, "new\n");
        assertThat(permissions(mine)).isEqualTo("rw-------");
        Path group = Files.writeString(tmp.resolve("group.csv"), "old\n");
        Files.setPosixFilePermissions(group, PosixFilePermissions.fromString("rw-rw-r--"));
        AtomicWrite.replace(group, t -> Files.writeString(t, "new\n"));
        assertThat(permissions(group)).isEqualTo("rw-rw-r--");
        assertThat(names(tmp)).containsExactly("group.csv", "labels.csv", "mine.csv");
    }

    @Test
    void aFailedWriteLeavesTheOldFileAndNoTemporaryFile() throws Exception {
        Path file = Files.writeString(tmp.resolve("checkpoint.json"), "good");
        assertThatThrownBy(() -> AtomicWrite.replace(file, t -> {
            Files.writeString(t, "half");
            throw new IOException("disk full");
        })).hasMessage("disk full");
        assertThat(Files.readString(file)).isEqualTo("good");
        assertThat(names(tmp)).containsExactly("checkpoint.json");
    }

    @Test
    void aFailureOnTheTemporaryFileNamesTheFileBeingReplaced() throws Exception {
        // what a user who may not write the new content gets (the temporary file takes the mode of a 0444 file
        // before the content goes in): the error names the file they gave, not .<name>.<random>.tmp
        Path file = Files.writeString(tmp.resolve("ro.csv"), "old\n");
        assertThatThrownBy(() -> AtomicWrite.replace(file, t -> {
            throw new AccessDeniedException(t.toString());
        })).satisfies(e -> assertThat(ErrorLines.oneLine(e)).isEqualTo(file + ": permission denied"));
        assertThat(Files.readString(file)).isEqualTo("old\n");
        assertThat(names(tmp)).containsExactly("ro.csv");

        // an error about another file is left as it is
        Path other = tmp.resolve("elsewhere.bin");
        assertThatThrownBy(() -> AtomicWrite.replace(file, t -> {
            throw new AccessDeniedException(other.toString());
        })).satisfies(e -> assertThat(ErrorLines.oneLine(e)).isEqualTo(other + ": permission denied"));
    }

    @Test
    void aLeftoverFileOfTheOldTemporaryNameIsNeitherUsedNorRemoved() throws Exception {
        Path stale = Files.writeString(tmp.resolve("metrics.csv.tmp"), "someone's");
        AtomicWrite.writeString(tmp.resolve("metrics.csv"), "epoch\n");
        assertThat(Files.readString(stale)).isEqualTo("someone's");
        assertThat(names(tmp)).containsExactly("metrics.csv", "metrics.csv.tmp");
    }

    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
