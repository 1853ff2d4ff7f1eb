package org.captchalab.model;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads ND4J's native libraries (libnd4jcpu with oneDNN, OpenBLAS, OpenMP) at a moment the caller chooses.
 *
 * <p>Why the moment matters: JavaCPP's loader walks the loaded libraries with {@code dl_iterate_phdr} and calls
 * {@code dlclose} inside it. If another thread of the process calls {@code pthread_create} at the same time,
 * both can wait on glibc's loader locks for good: a benchmark run of the window hung that way once in about
 * fifteen (gdb showed the two threads; the JVM no longer answered jstack). The window therefore loads the
 * libraries on the main thread before JavaFX and its thread pools start, where none of the window's threads
 * exist yet (the JVM's own may still come and go). Everything the window later does with ND4J (predictions,
 * runs, a warm-up run) then finds them loaded: a whole training and saving run loads no further native library
 * of ours (checked in {@code /proc/self/maps}).
 *
 * <p>It costs 0.4-1.3 s on the 2-core development machine, spent before the window appears rather than
 * while it is open.
 */
public final class NativeLibraries {

    private static final Logger LOG = LoggerFactory.getLogger(NativeLibraries.class);

    private static volatile boolean loadedHere;

    private NativeLibraries() {
    }

    /**
     * Loads the libraries on the calling thread (the first call only) and returns the milliseconds it took
     * (at least 1; 0 if they were loaded here before). Throws what ND4J throws when it cannot load them: the
     * caller decides whether to go on without them.
     */
    public static synchronized long load() {
        if (loadedHere) {
            return 0;
        }
        long t0 = System.nanoTime();
        // Creating an array initialises the backend, which loads every native library ND4J uses.
        try (INDArray x = Nd4j.create(new float[] {1, 2, 3, 4}, new long[] {2, 2})) {
            x.mmul(x).close();
        }
        loadedHere = true;
        long millis = Math.max(1, (System.nanoTime() - t0) / 1_000_000);
        LOG.info("ND4J native libraries loaded in {} ms", millis);
        return millis;
    }

    /** True once {@link #load()} has succeeded: work that must not load the libraries itself may start. */
    public static boolean loaded() {
        return loadedHere;
    }
}
