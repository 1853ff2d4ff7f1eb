package org.captchalab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** A mistyped command line: one line naming the mistake and where the usage is, exit status 2, never the whole usage. */
class CommandLineErrorsTest {

    private String out;
    private String err;

    private int run(String... args) {
        StringWriter o = new StringWriter();
        StringWriter e = new StringWriter();
        int code = Cli.run(args, new PrintWriter(o, true), new PrintWriter(e, true));
        out = o.toString();
        err = e.toString();
        return code;
    }

    @Test
    void aBadOptionValueIsOneLineNamingTheOption() {
        assertThat(run("train", "somewhere", "--preset", "seed", "--out", "x", "--lr", "abc")).isEqualTo(2);
        assertThat(err.lines().toList()).containsExactly(
                "error: Invalid value for option '--lr': 'abc' is not a double (see 'captcha-lab train --help')");
        assertThat(out).isEmpty();
    }

    @Test
    void missingRequiredOptionsAreNamed() {
        assertThat(run("train", "somewhere")).isEqualTo(2);
        assertThat(err.lines().toList()).hasSize(1);
        assertThat(err).contains("--preset").contains("--out").contains("captcha-lab train --help");
    }

    @Test
    void aMistypedCommandGetsOneLineAndSuggestions() {
        assertThat(run("exprt")).isEqualTo(2);
        assertThat(err.lines().toList()).containsExactly(
                "error: Unmatched argument at index 0: 'exprt' (see 'captcha-lab --help')",
                "Did you mean: captcha-lab export or captcha-lab predict?");
    }

    @Test
    void aMissingFolderForTheWindowIsNamed() {
        assertThat(run("/no/such/captcha-folder")).isEqualTo(2);
        assertThat(err.lines().toList()).containsExactly(
                "error: /no/such/captcha-folder: no such folder (see 'captcha-lab --help')");
    }
}
