package org.captchalab.ui.shared;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import org.captchalab.cli.UserMessages;
import org.junit.jupiter.api.Test;

class MessagesTest {

    @Test
    void theWindowAndTheCommandLineSayTheSame() {
        Exception missing = new NoSuchFileException("/data/x.png");
        assertThat(Messages.oneLine(missing)).isEqualTo(UserMessages.oneLine(missing))
                .isEqualTo("/data/x.png: no such file or folder");
        // the window said "Could not open X: /data/labels.csv", which is no reason
        assertThat(Messages.oneLine(new java.util.concurrent.CompletionException(new AccessDeniedException("/data/labels.csv"))))
                .isEqualTo("/data/labels.csv: permission denied");
    }
}
