package org.captchalab.training;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.captchalab.ChildJvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A training job whose minibatch does not fit in the Java heap, for real (a child JVM with a 320 MB heap):
 * what the GUI shows, the job's result and its listener's {@code finished}, must be the one-line advice to
 * lower the batch size, and no half-written checkpoint may be left.
 */
class TrainingOutOfMemoryTest {

    @TempDir
    Path dir;

    @Test
    void theResultAndTheListenerSayToLowerTheBatchSize() throws Exception {
        Path work = dir.resolve("work");
        Path scratch = dir.resolve("child");
        // the native cap only guards the machine should the heap ever not run out first
        ChildJvm.Result r = ChildJvm.run(scratch, List.of("-Xmx320m", "-Dcaptchalab.nativememory=1g"),
                HeapLimitedTrainingChild.class, List.of(work.toString()), 300);

        assertThat(r.exitStatus()).as(r.err() + r.out()).isZero();
        String advice = "FAILED: too little memory for a batch of 64 images: lower the batch size";
        assertThat(r.out().lines().toList()).containsExactly("listener: " + advice, "result: " + advice);
        assertThat(r.err()).doesNotContain("\tat ").doesNotContain("Exception");
        assertThat(ChildJvm.log(scratch)).as("the real failure is the Java heap running out")
                .contains("java.lang.OutOfMemoryError: Java heap space");
        assertThat(Checkpoint.exists(work.resolve("checkpoint"))).isFalse();
    }
}
