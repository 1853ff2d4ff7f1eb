package org.captchalab.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A mistyped command line: one line naming the mistake and where the usage is, exit status 2, never the whole usage. */
class CommandLineErrorsTest {

    private String out;
    private String err;

    /** Runs the command line (as {@link ModelCommandsTest#cli}) and keeps its output for the assertions. */
    private int run(String... args) {
        ModelCommandsTest.Run r = ModelCommandsTest.cli(args);
        out = r.out();
        err = r.err();
        return r.status();
    }

    @Test
    void aBadOptionValueIsOneLineNamingTheOption() {
        assertThat(run("train", "somewhere", "--preset", "seed", "--out", "x", "--lr", "abc")).isEqualTo(2);
        // in the words of every other refusal, not picocli's "'abc' is not a double"
        assertThat(err.lines().toList()).containsExactly(
                "error: --lr must be a number (got abc) (see 'captcha-lab train --help')");
        assertThat(out).isEmpty();
        assertThat(run("train", "somewhere", "--preset", "seed", "--out", "x", "--epochs", "ten")).isEqualTo(2);
        assertThat(err.lines().toList()).containsExactly(
                "error: --epochs must be a whole number (got ten) (see 'captcha-lab train --help')");
        assertThat(run("train", "somewhere", "--preset", "seed", "--out", "x", "--epochs", "99999999999")).isEqualTo(2);
        assertThat(err.lines().toList()).containsExactly(
                "error: --epochs must be a whole number no larger than 2147483647 (got 99999999999) (see 'captcha-lab"
                        + " train --help')");
        assertThat(run("train", "somewhere", "--preset", "seed", "--out", "x", "--seed", "1.5")).isEqualTo(2);
        assertThat(err.lines().toList()).containsExactly(
                "error: --seed must be a whole number (got 1.5) (see 'captcha-lab train --help')");
        assertThat(run("eval", "somewhere", "--model", "m", "--length", "-99999999999")).isEqualTo(2);
        assertThat(err.lines().toList()).containsExactly(
                "error: --length must be a whole number no smaller than -2147483648 (got -99999999999) (see 'captcha-lab"
                        + " eval --help')");
        assertThat(run("bench", "--seconds", "soon")).isEqualTo(2);
        assertThat(err.lines().toList()).containsExactly("error: --seconds must be a number (got soon) (see 'captcha-lab bench --help')");
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
                "error: unknown command 'exprt' (see 'captcha-lab --help')",
                "Did you mean: captcha-lab export or captcha-lab predict?");
        // an argument too many after a command (it said "Unmatched argument at index 4")
        assertThat(run("eval", "somewhere", "--model", "m", "extra")).isEqualTo(2);
        assertThat(err.lines().toList()).containsExactly("error: unexpected argument 'extra' (see 'captcha-lab eval --help')");
        assertThat(run("info", "a", "b", "c")).isEqualTo(2);
        assertThat(err.lines().toList()).containsExactly("error: unexpected argument 'b' (and 1 more) (see 'captcha-lab info --help')");
        // an unknown option keeps picocli's words, which name it
        assertThat(run("eval", "somewhere", "--model", "m", "--bogus")).isEqualTo(2);
        assertThat(err.lines().toList()).containsExactly("error: Unknown option: '--bogus' (see 'captcha-lab eval --help')");
    }

    /**
     * Every option's value in every command's usage is named as the README names it (bench said --preset=<preset>
     * without the presets, describe --classes=<classes>, ui --port=<port>: picocli's field names).
     */
    @Test
    void everyUsageNamesItsOptionValuesAsTheReadmeDoes() {
        var commands = Cli.newCommandLine().getSubcommands();
        assertThat(commands).containsKeys("train", "eval", "bench", "describe", "ui");
        for (var e : commands.entrySet()) {
            assertThat(e.getValue().getUsageMessage()).as(e.getKey()).doesNotContain("=<");
        }
        assertThat(commands.get("bench").getUsageMessage()).contains("--preset=seed|strong|attention").contains("--batch=B")
                .contains("--seconds=SECONDS").contains("--rounds=N");
        assertThat(commands.get("describe").getUsageMessage()).contains("--width=W").contains("--height=H")
                .contains("--length=L").contains("--classes=K");
        assertThat(commands.get("ui").getUsageMessage()).contains("--port=PORT");
        // what a time limit looks like, and that there is none unless given
        assertThat(commands.get("train").getUsageMessage().replaceAll("\\s+", " "))
                .contains("a number alone is seconds); default none, at most 8760h (a year)");
    }

    @Test
    void aMissingFolderForTheWindowIsNamed() {
        assertThat(run("/no/such/captcha-folder")).isEqualTo(1);
        assertThat(err.lines().toList()).containsExactly(
                "error: /no/such/captcha-folder: no such folder; the window opens a folder of images (see 'captcha-lab --help')");
        assertThat(run("./pom.xml")).isEqualTo(1);
        assertThat(err.lines().toList()).containsExactly(
                "error: ./pom.xml: not a folder; the window opens a folder of images (see 'captcha-lab --help')");
    }

    @Test
    void benchChecksEveryOptionBeforeMeasuring() {
        // a batch of 0 crashed ND4J's native softmax (the whole JVM) before this check
        assertThat(run("bench", "--batch", "0")).isEqualTo(2);
        assertThat(err.lines().toList()).containsExactly("error: --batch must be between 1 and 4096 (got 0)");
        assertThat(run("bench", "--seconds", "0")).isEqualTo(2);
        assertThat(err.lines().toList()).containsExactly("error: --seconds must be more than 0 (got 0)");
        assertThat(run("bench", "--warmup", "-1")).isEqualTo(2);
        assertThat(err.lines().toList()).containsExactly("error: --warmup must be 0 or more (got -1)");
        assertThat(run("bench", "--first-warmup", "-2")).isEqualTo(2);
        assertThat(err.lines().toList()).containsExactly("error: --first-warmup must be 0 or more (got -2)");
        assertThat(run("bench", "--preset", "nope")).isEqualTo(2);
        assertThat(err.lines().toList()).containsExactly(
                "error: --preset must be seed, strong or attention (got nope)");
        assertThat(run("bench", "--peer-malloc", "wat")).isEqualTo(2);
        assertThat(err.lines().toList()).containsExactly("error: --peer-malloc must be default, tuned or both (got wat)");
        // a missing folder is named before the minute of measuring, not after it
        assertThat(run("bench", "/no/such/images")).isEqualTo(1);
        assertThat(err.lines().toList()).containsExactly("error: /no/such/images: no such folder");
        assertThat(out).isEmpty();
    }

    @Test
    void describeNamesTheOptionThatDoesNotFit() {
        assertThat(run("describe", "--preset", "nope")).isEqualTo(2);
        assertThat(err.lines().toList()).containsExactly(
                "error: --preset must be seed, strong or attention (got nope)");
        assertThat(run("describe", "--preset", "seed", "--classes", "1")).isEqualTo(2);
        assertThat(err.lines().toList()).containsExactly("error: --classes must be at least 2 (got 1)");
        assertThat(run("describe", "--preset", "seed", "--length", "0")).isEqualTo(2);
        assertThat(err.lines().toList()).containsExactly("error: --length must be at least 1 (got 0)");
        assertThat(run("describe", "--preset", "seed", "--width", "45")).isEqualTo(2);
        assertThat(err.lines().toList()).containsExactly(
                "error: --width x --height must be at least 46x46 for preset seed (got 45x53)");
        // the smallest size the preset takes is accepted
        assertThat(run("describe", "--preset", "seed", "--width", "46", "--height", "46")).isZero();
        assertThat(out).contains("total parameters:");
    }

    @Test
    void ttaReachWithoutTtaIsRefusedNotTakenAsTta() {
        // it used to switch the nine-view reading on by itself; checked before the model or the images are read
        assertThat(run("eval", "/no/such/dataset", "--model", "/no/such/model", "--tta-reach", "3")).isEqualTo(2);
        assertThat(err.lines().toList()).containsExactly("error: --tta-reach needs --tta (got --tta-reach 3 without it)");
        assertThat(out).isEmpty();
        assertThat(run("predict", "--model", "/no/such/model", "--tta-reach", "1", "/no/such/image.png")).isEqualTo(2);
        assertThat(err.lines().toList()).containsExactly("error: --tta-reach needs --tta (got --tta-reach 1 without it)");
        assertThat(out).isEmpty();
        // with --tta the reach itself is checked
        assertThat(run("predict", "--model", "/no/such/model", "--tta", "--tta-reach", "9", "/no/such/image.png")).isEqualTo(2);
        assertThat(err.lines().toList()).containsExactly("error: --tta-reach must be between 1 and 8 pixels (got 9)");
    }

    @Test
    void uiRefusesAPortThatCannotExist() {
        assertThat(run("ui", "models/swust-seed", "--port", "99999")).isEqualTo(2);
        assertThat(err.lines().toList()).containsExactly("error: --port must be between 1 and 65535 (got 99999)");
    }

    @Test
    void aFixedAlphabetThatCannotBeOneIsNamed() {
        // checked with the other options, before the dataset folder is looked at
        assertThat(run("info", "/no/such/dataset", "--alphabet", "aab")).isEqualTo(2);
        assertThat(err.lines().toList()).containsExactly(
                "error: --alphabet: alphabet has repeated characters: aab (got \"aab\")");
        assertThat(run("train", "/no/such/dataset", "--preset", "seed", "--out", "/no/such/out", "--alphabet", "")).isEqualTo(2);
        assertThat(err.lines().toList()).containsExactly(
                "error: --alphabet: an alphabet needs at least one character (got \"\")");
    }
}
