package org.captchalab.ui.prediction;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import org.captchalab.ui.backend.Predictor;
import org.captchalab.ui.backend.Workspace;
import org.captchalab.ui.shared.Background;
import org.captchalab.ui.shared.DatasetState;
import org.captchalab.ui.shared.SamplePrediction;

/**
 * Predicts every image of the dataset in the background with a loaded (never a training) model, applying
 * results in chunks so the grid fills in progressively. Starting a new refresh (new model, new dataset)
 * makes an older one stop and drop its results: a chunk is applied only if its generation is still current.
 *
 * <p>Threading: {@link #start} and the progress property on the FX thread; the loop on a worker.
 */
public final class PredictionRefresher {

    private static final int BATCH = 128;
    private static final int PUBLISH_EVERY = 2048;
    /** Cached readings are applied this many at a time (each piece a few milliseconds on the FX thread). */
    static final int CACHED_PIECE = 10_000;

    private final Background background;
    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(this, "progress", 1);
    private volatile long generation;

    public PredictionRefresher(Background background) {
        this.background = background;
    }

    /** Starts predicting all of {@code state}; {@code onDone} runs on the FX thread when all are applied. */
    public void start(DatasetState state, Predictor predictor, Runnable onDone, Consumer<Exception> onError) {
        long gen = ++generation;
        int n = state.size();
        Workspace ws = state.workspace();
        progress.set(0);
        background.run("predict all", () -> {
            // Cached predictions first: the grid shows them at once, and only missing images are predicted.
            Map<Integer, SamplePrediction> cached = ws.cachedPredictions(predictor.cacheKey());
            // in pieces: applying 100,000 at once held the FX thread for up to 50 ms
            List<Map<Integer, SamplePrediction>> pieces = new ArrayList<>();
            for (Map.Entry<Integer, SamplePrediction> e : cached.entrySet()) {
                if (pieces.isEmpty() || pieces.get(pieces.size() - 1).size() == CACHED_PIECE) {
                    pieces.add(new HashMap<>());
                }
                pieces.get(pieces.size() - 1).put(e.getKey(), e.getValue());
            }
            int applied = 0;
            for (Map<Integer, SamplePrediction> piece : pieces) {
                applied += piece.size();
                // one piece at a time: posted together, they would all run before the next redraw
                CountDownLatch shown = new CountDownLatch(1);
                publish(state, gen, piece, applied / (double) Math.max(1, n), shown);
                while (gen == generation && !shown.await(100, TimeUnit.MILLISECONDS)) {
                    // the FX thread is busy; a newer refresh (or a closed window) ends the wait
                }
            }
            Map<Integer, SamplePrediction> fresh = new HashMap<>();
            Map<Integer, SamplePrediction> chunk = new HashMap<>();
            List<BufferedImage> images = new ArrayList<>(BATCH);
            List<Integer> indices = new ArrayList<>(BATCH);
            for (int i = 0; i < n && gen == generation; i++) {
                if (cached.containsKey(i) && i != n - 1) {
                    continue;
                }
                try {
                    images.add(ws.image(i));
                    indices.add(i);
                } catch (Exception e) {
                    // An undecodable image simply gets no prediction; the dataset reported it as a problem.
                }
                if (images.size() == BATCH || i == n - 1) {
                    List<SamplePrediction> preds = images.isEmpty() ? List.of() : predictor.predict(images);
                    for (int k = 0; k < preds.size(); k++) {
                        chunk.put(indices.get(k), preds.get(k));
                        fresh.put(indices.get(k), preds.get(k));
                    }
                    images.clear();
                    indices.clear();
                    if (chunk.size() >= PUBLISH_EVERY || i == n - 1) {
                        // the share of images with a reading: cached ones first, then those read so far
                        publish(state, gen, chunk, (cached.size() + fresh.size()) / (double) n, null);
                        chunk = new HashMap<>();
                    }
                }
            }
            if (gen == generation && !fresh.isEmpty()) {
                ws.cachePredictions(predictor.cacheKey(), fresh);
            }
            return gen;
        }, g -> {
            if (g == generation) {
                progress.set(1);
                onDone.run();
            }
        }, e -> {
            if (gen == generation) {
                progress.set(1);
                onError.accept(e);
            }
        });
    }

    private void publish(DatasetState state, long gen, Map<Integer, SamplePrediction> chunk, double done,
                         CountDownLatch shown) {
        background.onFx(() -> {
            if (gen == generation) {
                state.applyPredictions(chunk);
                progress.set(Math.min(1, done));
            }
            if (shown != null) {
                shown.countDown();
            }
        });
    }

    /** Abandons any refresh in progress. */
    public void cancel() {
        generation++;
        progress.set(1);
    }

    public ReadOnlyDoubleProperty progressProperty() {
        return progress.getReadOnlyProperty();
    }
}
