package org.captchalab.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

class ErrorLinesTest {

    @Test
    void aFileThatMayNotBeReadIsNamedWithTheReason() {
        // its message is the path alone: "Could not open X: /data/labels.csv" said nothing of why
        assertThat(ErrorLines.oneLine(new AccessDeniedException("/data/labels.csv")))
                .isEqualTo("/data/labels.csv: permission denied");
    }

    @Test
    void wrappersMadeFromTheirCauseAloneShowNoClassName() {
        AccessDeniedException denied = new AccessDeniedException("/data/labels.csv");
        assertThat(ErrorLines.oneLine(new RuntimeException(denied))).isEqualTo("/data/labels.csv: permission denied");
        assertThat(ErrorLines.oneLine(new UncheckedIOException(new java.io.IOException("disk full"))))
                .isEqualTo("disk full");
        assertThat(ErrorLines.oneLine(new ExecutionException("task failed", new IllegalStateException("bad size"))))
                .isEqualTo("bad size");
        assertThat(ErrorLines.oneLine(new CompletionException(new IllegalStateException("bad size\n\tat x"))))
                .isEqualTo("bad size");
    }

    @Test
    void aWrapperWithAMessageOfItsOwnKeepsIt() {
        assertThat(ErrorLines.oneLine(new IllegalStateException("cannot read run.json", new java.io.EOFException())))
                .isEqualTo("cannot read run.json");
    }

    @Test
    void aReasonLeavesThePathToTheCaller() {
        assertThat(ErrorLines.reason(new AccessDeniedException("/data/a.png"))).isEqualTo("permission denied");
        assertThat(ErrorLines.reason(new java.nio.file.NoSuchFileException("/data/a.png"))).isEqualTo("no such file or folder");
        assertThat(ErrorLines.reason(new java.nio.file.FileSystemException("/data/a.png", null, "Input/output error")))
                .isEqualTo("input/output error");
        assertThat(ErrorLines.reason(new java.nio.file.FileSystemException("/data/a.png")))
                .isEqualTo("the file system refused it");
        assertThat(ErrorLines.reason(new java.io.IOException())).isEqualTo("input/output error");
        assertThat(ErrorLines.reason(new java.nio.file.FileAlreadyExistsException("/data/x")))
                .isEqualTo("a file of that name is in the way");
        assertThat(ErrorLines.reason(new java.nio.file.FileSystemException("/data/x/y", null, "Not a directory")))
                .isEqualTo("part of its path is a file, not a folder");
    }

    @Test
    void anExceptionThatSaysNothingIsNotShownByItsClassName() {
        assertThat(ErrorLines.oneLine(new RuntimeException("", new java.io.IOException("disk full")))).isEqualTo("disk full");
        assertThat(ErrorLines.oneLine(new IllegalStateException())).isEqualTo("unexpected error (details in the log)");
        // a decoder's own failure is not the disk's
        assertThat(ErrorLines.reason(new IllegalStateException())).isEqualTo("unexpected error (details in the log)");
    }

    @Test
    void aCycleOfCausesEnds() {
        RuntimeException a = new RuntimeException((String) null);
        RuntimeException b = new RuntimeException(null, a);
        a.initCause(b);
        assertThat(ErrorLines.oneLine(a)).isEqualTo("unexpected error (details in the log)");
    }
}
