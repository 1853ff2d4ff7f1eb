package org.captchalab.training;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.captchalab.ChildJvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A training job whose minibatch does not fit in memory, for real (a child JVM whose ND4J native memory is capped
 * at 200 MiB, under the 402 MB input array of its minibatch): what the GUI shows, the job's result and its
 * listener's {@code finished}, must be the one-line advice to lower the batch size, and no half-written checkpoint
 * may be left.
 *
 * <p>Until minibatch pixels were written straight into native memory ({@code ImageTensors}) this ran out of Java
 * heap first, so that is what it forced; the minibatch is not on the heap any more, so the native allocation is
 * what fails now (the CLI's {@code TrainOutOfMemoryTest} covers the same path through {@code train}).
 */
class TrainingOutOfMemoryTest {

    @TempDir
    Path dir;

    @Test
    void theResultAndTheListenerSayToLowerTheBatchSize() throws Exception {
        Path work = dir.resolve("work");
        Path scratch = dir.resolve("child");
        ChildJvm.Result r = ChildJvm.run(scratch, List.of("-Xmx1g", "-Dcaptchalab.nativememory=200m"),
                MemoryLimitedTrainingChild.class, List.of(work.toString()), 300);

        assertThat(r.exitStatus()).as(r.err() + r.out()).isZero();
        String advice = "FAILED: too little memory for a batch of 64 images: lower the batch size";
        assertThat(r.out().lines().toList()).containsExactly("listener: " + advice, "result: " + advice);
        assertThat(r.err()).doesNotContain("\tat ").doesNotContain("Exception");
        assertThat(ChildJvm.log(scratch)).as("the real failure is ND4J refusing the native allocation")
                .contains("Allocation failed").contains("Limit bytes: [209715200]");
        assertThat(Checkpoint.exists(work.resolve("checkpoint"))).isFalse();
    }
}
