package org.captchalab.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.RecordComponent;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.UnaryOperator;
import org.captchalab.model.Preset;
import org.junit.jupiter.api.Test;

/** Each wither changes its own component and no other, and what it makes is checked like any config. */
class TrainingConfigTest {

    /** Every component away from its default and from the others, so a wither that sets the wrong one shows. */
    private static final TrainingConfig BASE = new TrainingConfig(Preset.STRONG, 11, 12, 0.013, Duration.ofMinutes(14),
            15L, 1.6, 17, 18, 19, Path.of("from"), 0.21);

    /** Asserts that {@code wither} sets {@code component} to {@code value} and leaves every other component as it was. */
    private static void setsOnly(String component, Object value, UnaryOperator<TrainingConfig> wither) throws Exception {
        TrainingConfig changed = wither.apply(BASE);
        for (RecordComponent rc : TrainingConfig.class.getRecordComponents()) {
            Object after = rc.getAccessor().invoke(changed);
            if (rc.getName().equals(component)) {
                assertThat(after).as(component).isEqualTo(value);
            } else {
                assertThat(after).as("setting " + component + " leaves " + rc.getName())
                        .isEqualTo(rc.getAccessor().invoke(BASE));
            }
        }
    }

    @Test
    void eachWitherSetsItsOwnComponentOnly() throws Exception {
        setsOnly("epochs", 2, c -> c.withEpochs(2));
        setsOnly("batchSize", 3, c -> c.withBatchSize(3));
        setsOnly("learningRate", 0.5, c -> c.withLearningRate(0.5));
        setsOnly("timeLimit", null, c -> c.withTimeLimit(null));
        setsOnly("seed", 4L, c -> c.withSeed(4));
        setsOnly("augmentStrength", 2.5, c -> c.withAugmentStrength(2.5));
        setsOnly("augmentStrength", 0.0, c -> c.withAugment(false));
        setsOnly("patience", 5, c -> c.withPatience(5));
        setsOnly("lrPatience", 6, c -> c.withLrPatience(6));
        setsOnly("initFrom", null, c -> c.withInitFrom(null));
        setsOnly("weightDecay", 0.0, c -> c.withWeightDecay(0));
    }

    @Test
    void aWitherIsCheckedAsTheConstructorChecks() {
        assertThatThrownBy(() -> BASE.withPatience(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BASE.withLearningRate(10)).as("10 x 0.21 wipes the weights")
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("below 1");
    }
}
