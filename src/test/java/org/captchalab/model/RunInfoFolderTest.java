package org.captchalab.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Whether a folder is the one a run recorded as its dataset: what calibrate and the window's run choice ask. */
class RunInfoFolderTest {

    @Test
    void theSameFolderIsRecognisedHoweverItIsWritten(@TempDir Path tmp) throws Exception {
        Path data = Files.createDirectories(tmp.resolve("data"));
        Path other = Files.createDirectories(tmp.resolve("other"));
        Path link = Files.createSymbolicLink(tmp.resolve("link"), data);
        String recorded = data.toAbsolutePath().toString();
        assertThat(RunInfo.isRecordedFolder(recorded, data)).isTrue();
        assertThat(RunInfo.isRecordedFolder(recorded, tmp.resolve("other/../data"))).isTrue();
        assertThat(RunInfo.isRecordedFolder(recorded, link)).isTrue();
        assertThat(RunInfo.isRecordedFolder(link.toString(), data)).isTrue();
        assertThat(RunInfo.isRecordedFolder(recorded, other)).isFalse();
        assertThat(RunInfo.isRecordedFolder(null, data)).isFalse();
        // a run saved on another machine names a folder that is not here
        assertThat(RunInfo.isRecordedFolder("/no/such/folder", data)).isFalse();
        assertThat(RunInfo.isRecordedFolder("bad\u0000path", data)).isFalse();
    }
}
