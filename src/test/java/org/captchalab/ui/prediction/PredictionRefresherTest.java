package org.captchalab.ui.prediction;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import org.captchalab.ui.backend.Predictor;
import org.captchalab.ui.fakes.FakeWorkspace;
import org.captchalab.ui.shared.Background;
import org.captchalab.ui.shared.DatasetState;
import org.captchalab.ui.shared.SamplePrediction;
import org.junit.jupiter.api.Test;

/** Predicting a whole dataset: cached readings first, in pieces the FX thread applies quickly, then the missing ones. */
class PredictionRefresherTest {

    @Test
    void cachedReadingsReachTheFxThreadInPiecesAndOnlyTheMissingImagesAreRead() {
        int n = 25_005;
        FakeWorkspace ws = new FakeWorkspace(n);
        Map<Integer, SamplePrediction> cached = new HashMap<>();
        for (int i = 0; i < n - 5; i++) {
            cached.put(i, FakeWorkspace.prediction("zzzz", 0.9));
        }
        ws.cached = cached;
        DatasetState state = new DatasetState(ws, ws.rows(), Background.DIRECT);
        List<Integer> appliedPerFxCall = new ArrayList<>();
        List<Double> progressSeen = new ArrayList<>();
        PredictionRefresher[] refresherRef = new PredictionRefresher[1];
        Background recording = new Background() {
            @Override
            public <T> void run(String name, Callable<T> work, Consumer<T> onDone, Consumer<Exception> onError) {
                DIRECT.run(name, work, onDone, onError);
            }

            @Override
            public void onFx(Runnable action) {
                long before = cachedShown(state);
                action.run();
                appliedPerFxCall.add((int) (cachedShown(state) - before));
                progressSeen.add(refresherRef[0].progressProperty().get());
            }
        };
        List<Integer> read = new ArrayList<>();
        Predictor predictor = new Predictor() {
            @Override
            public String name() {
                return "fake";
            }

            @Override
            public List<SamplePrediction> predict(List<BufferedImage> images) {
                read.add(images.size());
                return images.stream().map(im -> FakeWorkspace.prediction("yyyy", 0.8)).toList();
            }
        };
        boolean[] done = {false};
        PredictionRefresher refresher = new PredictionRefresher(recording);
        refresherRef[0] = refresher;
        refresher.start(state, predictor, () -> done[0] = true, e -> { throw new AssertionError(e); });

        assertThat(done[0]).isTrue();
        assertThat(cachedShown(state)).isEqualTo(n - 5);
        assertThat(appliedPerFxCall.stream().mapToInt(Integer::intValue).max().orElseThrow())
                .as("no FX-thread call applies more than a piece").isLessThanOrEqualTo(PredictionRefresher.CACHED_PIECE);
        assertThat(appliedPerFxCall.stream().filter(k -> k > 0)).hasSize(3);
        assertThat(read).as("only the five images without a cached reading are read").containsExactly(5);
        for (int i = n - 5; i < n; i++) {
            assertThat(state.row(i).prediction().text()).isEqualTo("yyyy");
        }
        assertThat(refresher.progressProperty().get()).isEqualTo(1.0);
        assertThat(progressSeen).as("progress never goes back").isSorted().last().isEqualTo(1.0);
    }

    private static long cachedShown(DatasetState state) {
        long k = 0;
        for (int i = 0; i < state.size(); i++) {
            if ("zzzz".equals(state.row(i).prediction().text())) {
                k++;
            }
        }
        return k;
    }
}
