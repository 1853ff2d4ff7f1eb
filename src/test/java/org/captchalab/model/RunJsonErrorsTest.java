package org.captchalab.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run.json edited by hand is refused in one line that names the file, the field as the file spells it and what is
 * wrong with its value, never a Java type (what Jackson reports). Only run.json is read: no network is needed.
 */
class RunJsonErrorsTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @TempDir
    Path dir;

    private static String goodJson() {
        return ModelFolder.toJson(new RunInfo(1, "r", "strong", "abcdef", 4, "KEEP", 96, 40, 129, 53, null, RunInfo.PREPROCESSING,
                "fp", "/data", 7, Map.of("epochs", 3), 1, 1000, Map.of("epochs", 3), "2026-01-01T00:00:00Z",
                "finished", 0.6));
    }

    /** A folder whose run.json is {@code text}. */
    private Path folderWith(String name, byte[] text) throws Exception {
        Path folder = Files.createDirectories(dir.resolve(name));
        Files.write(folder.resolve(ModelFolder.RUN_JSON), text);
        return folder;
    }

    /** A folder whose run.json is a good one changed by {@code edit}. */
    private Path edited(String name, Consumer<ObjectNode> edit) throws Exception {
        ObjectNode node = (ObjectNode) MAPPER.readTree(goodJson());
        edit.accept(node);
        return folderWith(name, MAPPER.writeValueAsBytes(node));
    }

    /** What reading {@code folder}'s run.json says, after the file's path. */
    private static String refusal(Path folder) {
        Path json = folder.resolve(ModelFolder.RUN_JSON);
        Throwable e = catchThrowable(() -> ModelFolder.readInfo(folder));
        assertThat(e).isInstanceOf(ModelFormatException.class);
        String line = e.getMessage();
        assertThat(line).startsWith(json + " ").doesNotContain("\n")
                .doesNotContain("java.").doesNotContain("org.").doesNotContain("`").doesNotContain("JsonToken")
                .doesNotContain("Exception").doesNotContain("Double").doesNotContain("LinkedHashMap");
        return line.substring(json.toString().length() + 1);
    }

    @Test
    void theGoodFileReads() throws Exception {
        RunInfo info = ModelFolder.readInfo(folderWith("good", goodJson().getBytes(StandardCharsets.UTF_8)));
        assertThat(info.alphabet()).isEqualTo("abcdef");
        assertThat(info.inputSize().width()).isEqualTo(96);
    }

    @Test
    void aValueOfTheWrongKindIsNamedByItsFieldAndWhatItHolds() throws Exception {
        assertThat(refusal(edited("case", n -> n.put("case_rule", "WHATEVER"))))
                .isEqualTo("is invalid: case_rule is WHATEVER, not one of KEEP, FOLD_LOWER");
        assertThat(refusal(folderWith("array", "[1,2,3]".getBytes(StandardCharsets.UTF_8))))
                .isEqualTo("is invalid: not a JSON object");
        assertThat(refusal(edited("temperature", n -> n.put("temperature", "hot"))))
                .isEqualTo("is invalid: temperature must be a number (got \"hot\")");
        assertThat(refusal(edited("length", n -> n.put("label_length", "four"))))
                .isEqualTo("is invalid: label_length must be a whole number (got \"four\")");
        assertThat(refusal(edited("fraction", n -> n.put("input_width", 96.5))))
                .isEqualTo("is invalid: input_width must be a whole number (got 96.5)");
        assertThat(refusal(edited("huge", n -> n.put("input_width", 99_999_999_999L))))
                .isEqualTo("is invalid: input_width is out of range (got 99999999999)");
        assertThat(refusal(edited("list", n -> n.putArray("alphabet").add("a").add("b"))))
                .isEqualTo("is invalid: alphabet must be text (got [\"a\",\"b\"])");
        assertThat(refusal(edited("hyper", n -> n.put("hyper_parameters", 7))))
                .isEqualTo("is invalid: hyper_parameters must be a JSON object (got 7)");
        assertThat(refusal(edited("negative-temperature", n -> n.put("temperature", -2))))
                .isEqualTo("is invalid: temperature must be a positive number (got -2)");
        assertThat(refusal(edited("preset", n -> n.put("preset", "huge"))))
                .isEqualTo("is invalid: unknown preset 'huge' (known: seed, strong, attention)");
    }

    @Test
    void aNewerFormatIsToldAsSuchEvenWhenItsFieldsNoLongerBind() throws Exception {
        Path newer = edited("newer", n -> n.put("format_version", 2).put("label_length", "four"));
        assertThatThrownBy(() -> ModelFolder.readInfo(newer)).isInstanceOf(ModelFormatException.class)
                .hasMessage(newer + " was saved by a newer CaptchaLab (format 2, this one reads up to 1): update"
                        + " CaptchaLab to open it");
    }

    @Test
    void aSizeOfZeroOrLessIsInvalidAndOnlyAnAbsentOneIsMissing() throws Exception {
        assertThat(refusal(edited("zero", n -> n.put("input_width", 0))))
                .isEqualTo("is invalid: input_width must be a positive whole number (got 0)");
        assertThat(refusal(edited("negative", n -> n.put("input_width", -5))))
                .isEqualTo("is invalid: input_width must be a positive whole number (got -5)");
        assertThat(refusal(edited("no-positions", n -> n.put("label_length", 0))))
                .isEqualTo("is invalid: label_length must be a positive whole number (got 0)");
        assertThat(refusal(edited("no-width", n -> n.remove("input_width"))))
                .isEqualTo("is incomplete (input_width missing)");
        assertThat(refusal(edited("null-rule", n -> n.putNull("case_rule").remove("label_length"))))
                .isEqualTo("is incomplete (label_length, case_rule missing)");
    }

    @Test
    void anAlphabetThatRepeatsACharacterIsInvalidInItsFile() throws Exception {
        assertThat(refusal(edited("repeat", n -> n.put("alphabet", "aacdef"))))
                .isEqualTo("is invalid: alphabet repeats a character (a)");
        assertThat(refusal(edited("repeats", n -> n.put("alphabet", "abcabd"))))
                .isEqualTo("is invalid: alphabet repeats characters (a, b)");
        assertThat(refusal(edited("empty-alphabet", n -> n.put("alphabet", ""))))
                .isEqualTo("is invalid: alphabet is empty");
    }

    @Test
    void textThatIsNotJsonIsCorruptWhereTheParserStoppedWithoutJacksonsOwnWords() throws Exception {
        assertThat(refusal(folderWith("cut-list", "{\n  \"a\" : [1, 2".getBytes(StandardCharsets.UTF_8))))
                .isEqualTo("is corrupt: Unexpected end of the file: expected a closing ] (line 2, column 14)");
        assertThat(refusal(folderWith("cut-object", "{\"a\" : 1".getBytes(StandardCharsets.UTF_8))))
                .isEqualTo("is corrupt: Unexpected end of the file: expected a closing } (line 1, column 9)");
        assertThat(refusal(folderWith("cut-text", "{\"name\" : \"qq-str".getBytes(StandardCharsets.UTF_8))))
                .isEqualTo("is corrupt: the file ends part-way through (line 1, column 18)");
        assertThat(refusal(folderWith("comma", "{\"a\" : 1,,}".getBytes(StandardCharsets.UTF_8))))
                .isEqualTo("is corrupt: Unexpected character (',' (code 44)): was expecting double-quote to start"
                        + " field name (line 1, column 10)");
        assertThat(refusal(folderWith("latin1", new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xff, '"', '}'})))
                .startsWith("is corrupt: Invalid UTF-8 start byte 0xff (line 1, column ");
        assertThat(refusal(folderWith("empty", new byte[0]))).isEqualTo("is corrupt: the file is empty");
    }
}
