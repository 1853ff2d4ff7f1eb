package org.captchalab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class UserMessagesTest {

    @Test
    void runningOutOfMemoryAnywhereSaysWhatToDo() {
        assertThat(UserMessages.oneLine(new OutOfMemoryError("Java heap space")))
                .isEqualTo("out of memory: lower --batch, or give Java more with -Xmx");
        assertThat(UserMessages.oneLine(new RuntimeException("Allocation failed: [Requested amount exceeds HOST device "
                + "limits; Limit bytes: [41943040]; Requested bytes: [67108864]]")))
                .isEqualTo("out of memory: lower --batch, or free some memory");
    }

    @Test
    void otherFailuresKeepTheirFirstLine() {
        assertThat(UserMessages.oneLine(new IllegalStateException(null, new IllegalArgumentException("bad size\n\tat x"))))
                .isEqualTo("bad size");
        assertThat(UserMessages.oneLine(new NullPointerException())).isEqualTo("unexpected error (details in the log)");
    }

    @Test
    void fileSystemFailuresThatGiveOnlyAPathGetAReason() {
        assertThat(UserMessages.oneLine(new java.nio.file.NoSuchFileException("/data/x.png")))
                .isEqualTo("/data/x.png: no such file or folder");
        assertThat(UserMessages.oneLine(new java.nio.file.NotDirectoryException("/data/file")))
                .isEqualTo("/data/file: not a folder");
        assertThat(UserMessages.oneLine(new java.nio.file.FileSystemException("/data/out.csv")))
                .isEqualTo("/data/out.csv: the file system refused it (a read-only or full disk, or a name it does not take)");
        // a reason given by the file system is kept
        assertThat(UserMessages.oneLine(new java.nio.file.FileSystemException("/data/out.csv", null, "Read-only file system")))
                .isEqualTo("/data/out.csv: Read-only file system");
    }
}
