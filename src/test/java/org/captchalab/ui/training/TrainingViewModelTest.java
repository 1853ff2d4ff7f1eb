package org.captchalab.ui.training;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.captchalab.ui.backend.RunSummary;
import org.captchalab.ui.fakes.FakeModelService;
import org.captchalab.ui.fakes.FakeWorkspace;
import org.captchalab.ui.shared.Background;
import org.captchalab.ui.shared.DatasetState;
import org.junit.jupiter.api.Test;

class TrainingViewModelTest {

    private final FakeWorkspace ws = new FakeWorkspace(20);
    private final DatasetState state = new DatasetState(ws, ws.rows(), Background.DIRECT);
    private final FakeModelService models = new FakeModelService();
    private final List<String> messages = new ArrayList<>();
    private final List<RunSummary> finished = new ArrayList<>();
    private final TrainingViewModel vm = new TrainingViewModel(() -> state, models, Background.DIRECT, messages::add,
            finished::add);

    private void drainUntilIdle() throws InterruptedException {
        for (int i = 0; i < 200 && vm.stateProperty().get() != TrainingViewModel.State.IDLE; i++) {
            Thread.sleep(20);
            vm.drain();
        }
    }

    @Test
    void runFeedsChartsAndEndsInTheRunList() throws Exception {
        vm.epochsProperty().set(2);
        vm.start();
        assertThat(vm.stateProperty().get()).isEqualTo(TrainingViewModel.State.RUNNING);
        drainUntilIdle();
        assertThat(vm.stateProperty().get()).isEqualTo(TrainingViewModel.State.IDLE);
        assertThat(vm.charts().lossSeries().get(0).getData()).isNotEmpty();
        assertThat(vm.charts().lossSeries().get(1).getData()).hasSize(2);
        assertThat(vm.charts().accuracySeries().get(1).getData()).hasSize(2);
        assertThat(vm.runs()).hasSize(1);
        assertThat(finished).hasSize(1);
        assertThat(vm.progressTextProperty().get()).startsWith("Finished");
    }

    @Test
    void failedRunSaysWhyAndAllowsAnother() throws Exception {
        models.failNextRun = true;
        vm.epochsProperty().set(1);
        vm.start();
        drainUntilIdle();
        assertThat(messages).singleElement().asString().contains("NaN");
        vm.start();
        drainUntilIdle();
        assertThat(finished).hasSize(1);
    }

    @Test
    void snapshotSkipsUnlabelledImages() {
        var captured = new ArrayList<Integer>();
        FakeModelService spy = new FakeModelService() {
        };
        TrainingViewModel other = new TrainingViewModel(() -> state, new org.captchalab.ui.fakes.RecordingModelService(
                r -> captured.add(r.snapshot().size())), Background.DIRECT, messages::add, finished::add);
        other.start();
        assertThat(captured).containsExactly(18);
        assertThat(spy.runs).isEmpty();
    }

    @Test
    void pauseAndResumeShowInTheProgressLine() {
        TrainingViewModel other = new TrainingViewModel(() -> state, new org.captchalab.ui.fakes.RecordingModelService(
                r -> { }), Background.DIRECT, messages::add, finished::add);
        other.start();
        other.togglePause();
        assertThat(other.stateProperty().get()).isEqualTo(TrainingViewModel.State.PAUSED);
        assertThat(other.progressTextProperty().get()).endsWith(" · paused");
        other.togglePause();
        assertThat(other.stateProperty().get()).isEqualTo(TrainingViewModel.State.RUNNING);
        assertThat(other.progressTextProperty().get()).doesNotContain("paused");
        other.togglePause();
        other.stop();
        assertThat(other.stateProperty().get()).isEqualTo(TrainingViewModel.State.STOPPING);
        assertThat(other.progressTextProperty().get()).doesNotContain("paused").endsWith("stopping after this minibatch");
    }

    @Test
    void etaFormat() {
        assertThat(TrainingViewModel.formatEta(65_000)).isEqualTo("1:05");
        assertThat(TrainingViewModel.formatEta(3_726_000)).isEqualTo("1:02:06");
    }

    @Test
    void aRunCanStartFromASavedRunsWeightsWhichChoosesItsPreset() {
        List<org.captchalab.ui.backend.TrainingRequest> requests = new ArrayList<>();
        TrainingViewModel other = new TrainingViewModel(() -> state, new org.captchalab.ui.fakes.RecordingModelService(
                requests::add), Background.DIRECT, messages::add, finished::add);
        RunSummary saved = new RunSummary("qq", java.nio.file.Path.of("models", "qq"), "attention", 40, 0.9, 0.5, 0.9,
                0, "abcd", 4, "data");
        other.fineTuneProperty().set(true);
        other.start();
        assertThat(requests).isEmpty();
        assertThat(messages).singleElement().asString().startsWith("Choose the saved run to start from");

        other.startFromProperty().set(saved);
        assertThat(other.presetProperty().get()).isEqualTo("attention");
        other.presetProperty().set("seed"); // changed afterwards: the saved run's network still decides
        other.start();
        assertThat(requests).singleElement().satisfies(r -> {
            assertThat(r.startFrom()).isEqualTo(saved.folder());
            assertThat(r.preset()).isEqualTo("attention");
        });
        assertThat(other.progressTextProperty().get()).contains("from the weights of qq");
        assertThat(other.presetProperty().get()).isEqualTo("attention");
        // a run that is not among the runs fitting the open dataset is no longer offered as the start
        other.refreshRuns();
        assertThat(other.runs()).doesNotContain(saved);
        assertThat(other.startFromProperty().get()).isNull();
    }

    @Test
    void theRequestCarriesTheAugmentationStrengthAndTheWeightDecay() {
        List<org.captchalab.ui.backend.TrainingRequest> requests = new ArrayList<>();
        TrainingViewModel other = new TrainingViewModel(() -> state, new org.captchalab.ui.fakes.RecordingModelService(
                requests::add), Background.DIRECT, messages::add, finished::add);
        assertThat(other.augmentStrengthProperty().get()).isEqualTo(1.0);
        assertThat(other.weightDecayProperty().get()).isEqualTo("0");
        other.augmentProperty().set(true);
        other.augmentStrengthProperty().set(2.5);
        other.weightDecayProperty().set("0.2");
        other.start();
        assertThat(requests).singleElement().satisfies(r -> {
            assertThat(r.augment()).isTrue();
            assertThat(r.augmentStrength()).isEqualTo(2.5);
            assertThat(r.weightDecay()).isEqualTo(0.2);
        });
    }

    @Test
    void aLearningRateOrWeightDecayThatIsNotANumberIsRefusedQuotingItAsTyped() {
        List<org.captchalab.ui.backend.TrainingRequest> requests = new ArrayList<>();
        TrainingViewModel other = new TrainingViewModel(() -> state, new org.captchalab.ui.fakes.RecordingModelService(
                requests::add), Background.DIRECT, messages::add, finished::add);
        other.learningRateProperty().set("0,001");
        other.start();
        other.learningRateProperty().set("1e-3");
        other.weightDecayProperty().set("0,02");
        other.start();
        other.weightDecayProperty().set("lots");
        other.start();
        other.weightDecayProperty().set(" ");
        other.start();
        other.weightDecayProperty().set("12");
        other.start();
        other.learningRateProperty().set("-1");
        other.start();
        assertThat(requests).isEmpty();
        assertThat(other.stateProperty().get()).isEqualTo(TrainingViewModel.State.IDLE);
        assertThat(messages).containsExactly(
                "Training could not start: learning rate '0,001' is not a number (write 0.001, with a point)",
                "Training could not start: weight decay '0,02' is not a number (write 0.02, with a point)",
                "Training could not start: weight decay 'lots' is not a number (write a number such as 0.02 or 2e-2; 0 is off)",
                "Training could not start: weight decay is empty (write a number such as 0.02 or 2e-2; 0 is off)",
                "Training could not start: weight decay '12' must be between 0 and 10",
                "Training could not start: learning rate '-1' must be above 0");
        assertThat(other.progressTextProperty().get()).isEqualTo("Could not start: learning rate '-1' must be above 0");

        other.learningRateProperty().set("5e-4");
        other.weightDecayProperty().set("0.1");
        other.start();
        assertThat(requests).singleElement().satisfies(r -> {
            assertThat(r.learningRate()).isEqualTo(5e-4);
            assertThat(r.weightDecay()).isEqualTo(0.1);
        });
    }

    @Test
    void withoutTheTickARunStartsFromNewWeightsEvenWithARunChosen() {
        List<org.captchalab.ui.backend.TrainingRequest> requests = new ArrayList<>();
        TrainingViewModel other = new TrainingViewModel(() -> state, new org.captchalab.ui.fakes.RecordingModelService(
                requests::add), Background.DIRECT, messages::add, finished::add);
        other.startFromProperty().set(new RunSummary("qq", java.nio.file.Path.of("models", "qq"), "strong", 40, 0.9,
                0.5, 0.9, 0, "abcd", 4, "data"));
        other.start();
        assertThat(requests).singleElement().satisfies(r -> assertThat(r.startFrom()).isNull());
    }
}
