package org.captchalab.ui.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.file.Files;
import java.nio.file.Path;
import org.captchalab.model.ModelFolder;
import org.captchalab.ui.shared.Messages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The window loads a run through the same reading of run.json as the command line: one edited by hand after the
 * list was made is refused with the command line's line, naming the file and the field.
 */
class EditedRunLoadTest {

    @Test
    void aRunJsonEditedAfterListingIsRefusedWithTheCommandLinesLine(@TempDir Path models) throws Exception {
        Path folder = Files.createDirectories(models.resolve("edited"));
        Path json = folder.resolve(ModelFolder.RUN_JSON);
        Files.copy(Path.of("models", "qq-strong", ModelFolder.RUN_JSON), json);
        Dl4jModelService service = new Dl4jModelService();
        RunSummary run = service.runs(models).stream().filter(r -> r.name().equals("edited")).findFirst().orElseThrow();

        String text = Files.readString(json);
        assertThat(text).contains("\"case_rule\" : \"KEEP\"");
        Files.writeString(json, text.replace("\"case_rule\" : \"KEEP\"", "\"case_rule\" : \"WHATEVER\""));
        assertThat(Messages.oneLine(catchThrowable(() -> service.load(run, false))))
                .isEqualTo(json + " is invalid: case_rule is WHATEVER, not one of KEEP, FOLD_LOWER");

        Files.writeString(json, text.replaceFirst("\"input_width\" : \\d+", "\"input_width\" : -5"));
        assertThat(Messages.oneLine(catchThrowable(() -> service.load(run, false))))
                .isEqualTo(json + " is invalid: input_width must be a positive whole number (got -5)");
    }
}
