package org.captchalab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.captchalab.dataset.CaptchaSample;
import org.captchalab.model.Misread;
import org.junit.jupiter.api.Test;

/** The CSV that {@code eval --misread} writes, with file names that need quoting. */
class MisreadCsvTest {

    @Test
    void fieldsWithCommasQuotesAndLineBreaksAreQuotedAndPositionsCountFromOne() {
        List<CaptchaSample> samples = List.of(
                new CaptchaSample("plain/abcd.png", "abcd", 129, 53, "h1"),
                new CaptchaSample("odd, \"name\".png", "wxyz", 129, 53, "h2"),
                new CaptchaSample("line\rbreak.png", "qqqq", 129, 53, "h3"));
        List<Misread> misreads = List.of(
                new Misread(1, "wxyz", "wxya", List.of(3), 0.98765),
                new Misread(0, "abcd", "bbcc", List.of(0, 3), 0.5),
                new Misread(2, "qqqq", "qqqg", List.of(3), 0.25));

        // the third image is one of a byte-identical pair with conflicting labels
        String csv = EvalCommand.misreadsCsv(misreads, samples, s -> s.hash().equals("h3"));

        assertThat(csv).isEqualTo("""
                file,label,predicted,wrong_positions,confidence,conflict
                "odd, ""name"".png",wxyz,wxya,4,0.9877,false
                plain/abcd.png,abcd,bbcc,1 4,0.5000,false
                "line\rbreak.png",qqqq,qqqg,4,0.2500,true
                """);
    }
}
