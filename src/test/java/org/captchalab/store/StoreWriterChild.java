package org.captchalab.store;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The child process of {@link WorkStoreKillTest}: writes label edits (and now and then a batch of predictions)
 * as fast as it can, printing {@code ACK <n> OK} after each one the store has committed, until it is killed.
 *
 * <p>Arguments: the dataset folder, a label prefix unique to this round, the number of image paths to cycle.
 */
public final class StoreWriterChild {

    private StoreWriterChild() {
    }

    public static void main(String[] args) {
        Path root = Path.of(args[0]);
        String prefix = args[1];
        int paths = Integer.parseInt(args[2]);
        PrintStream out = System.out;
        try (WorkStore store = WorkStore.open(root)) {
            out.println("READY");
            out.flush();
            for (int n = 0; ; n++) {
                store.setLabel(path(n, paths), label(prefix, n));
                out.println("ACK " + n + " OK");
                out.flush();
                if (n % 10 == 9) {
                    List<CachedPrediction> batch = new ArrayList<>();
                    for (int i = 0; i < 50; i++) {
                        batch.add(new CachedPrediction(path(i, paths) + "#" + i, label(prefix, n), 0.5, 1.0,
                                List.of(new PositionGuess("ab", List.of(0.6, 0.3)))));
                    }
                    store.putPredictions(prefix + "-" + n, batch);
                    out.println("PRED " + n + " OK");
                    out.flush();
                }
            }
        }
    }

    static String path(int n, int paths) {
        return "img" + (n % paths) + ".png";
    }

    static String label(String prefix, int n) {
        return prefix + "-" + n;
    }
}
