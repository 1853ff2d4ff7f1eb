package org.captchalab.model;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.nd4j.nativeblas.NativeOpsHolder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Inference over many minibatches with one minibatch in flight per core, each on its own thread that runs ND4J's
 * operations single-threaded, instead of one minibatch at a time spread over all cores.
 *
 * <p>Why: on the 2-core development machine one stream of forward passes keeps the two cores only partly busy
 * (between oneDNN's kernels come small operations, SameDiff's bookkeeping and the copy of the input), so two
 * streams of one thread each get through about a third more images per second than one stream of two threads
 * (README, "Speed"). Each lane is a daemon thread that sets its own OpenMP thread count to 1 when it starts,
 * which binds that thread only (OpenMP keeps the setting per thread): other threads, such as a training run's,
 * keep all cores.
 *
 * <p>A SameDiff graph runs one inference at a time, so each lane works with its own copy of the network,
 * given by the caller. The lanes are shared by every caller in the process; each call's lanes take the next
 * minibatch from a common counter until none is left, so a call never waits for a lane that is busy elsewhere
 * while another of its lanes could do the work.
 */
public final class InferenceLanes {

    /** Work for one minibatch on one lane's network copy. */
    @FunctionalInterface
    public interface BatchWork {
        void run(CaptchaNetwork network, int batch);
    }

    private static final Logger LOG = LoggerFactory.getLogger(InferenceLanes.class);
    private static final int LANES = Integer.getInteger("captchalab.lanes",
            Math.max(2, Math.min(8, Runtime.getRuntime().availableProcessors())));
    private static final AtomicInteger THREAD_IDS = new AtomicInteger();
    private static final ExecutorService POOL = Executors.newFixedThreadPool(LANES, r -> {
        Thread t = new Thread(() -> {
            try {
                singleThreaded();
            } catch (RuntimeException | LinkageError e) {
                // the lane still runs its work, which then fails with the same cause and reports it to the caller
                LOG.warn("an inference lane could not set up ND4J", e);
            }
            r.run();
        }, "inference-lane-" + THREAD_IDS.incrementAndGet());
        t.setDaemon(true);
        return t;
    });
    private static final AtomicLong LANE_BATCHES = new AtomicLong();

    private InferenceLanes() {
    }

    /**
     * How many lanes there are: one per core, at least 2 (so that a 1-core machine runs the same code) and at most
     * 8, unless {@code -Dcaptchalab.lanes=N} says otherwise (1: {@link Predictor} runs one batch at a time on the
     * calling thread, over all cores, as it did before the lanes).
     */
    public static int count() {
        return LANES;
    }

    /** Minibatches run on lanes so far in this process (for tests: proof that the lanes were used). */
    static long batchesRun() {
        return LANE_BATCHES.get();
    }

    /**
     * Runs {@code work} for minibatches 0 to {@code batches - 1}, spread over the lanes, lane k using
     * {@code copies[k]} (no copy is used by two lanes at once). Returns when all have run; waits without
     * giving up if the calling thread is interrupted (its interrupt flag is kept), like a plain forward pass,
     * so that no copy is still in use when it returns. The first failure is thrown, after the other lanes
     * stopped.
     */
    public static void run(int batches, List<CaptchaNetwork> copies, BatchWork work) {
        if (batches <= 0) {
            return;
        }
        int lanes = Math.min(batches, copies.size());
        AtomicInteger next = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        List<Future<?>> futures = new ArrayList<>(lanes);
        for (int k = 0; k < lanes; k++) {
            CaptchaNetwork copy = copies.get(k);
            futures.add(POOL.submit(() -> {
                int b;
                while (failed.get() == 0 && (b = next.getAndIncrement()) < batches) {
                    try {
                        work.run(copy, b);
                        LANE_BATCHES.incrementAndGet();
                    } catch (RuntimeException | Error e) {
                        failed.set(1);
                        throw e;
                    }
                }
            }));
        }
        boolean interrupted = false;
        Throwable first = null;
        for (Future<?> f : futures) {
            while (true) {
                try {
                    f.get();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    if (first == null) {
                        first = e.getCause();
                    }
                    break;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (first instanceof RuntimeException re) {
            throw re;
        }
        if (first instanceof Error err) {
            throw err;
        }
    }

    private static void singleThreaded() {
        // the native libraries must be loaded before NativeOps can be reached; usually they are by now
        NativeLibraries.load();
        NativeOpsHolder.getInstance().getDeviceNativeOps().setOmpNumThreads(1);
    }
}
