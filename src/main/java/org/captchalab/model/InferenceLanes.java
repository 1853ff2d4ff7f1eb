package org.captchalab.model;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.nd4j.nativeblas.NativeOpsHolder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Inference over many minibatches with one minibatch in flight per core, each on its own thread whose OpenMP
 * team is one thread (oneDNN's convolutions run single-threaded there), instead of one minibatch at a time
 * spread over all cores.
 *
 * <p>Why: once the JVM is warm the two ways infer about as fast on the 2-core development machine, but a
 * whole {@code eval}, warm-up included, took 32-34 s on the lanes against 37-38 s in one stream (README,
 * "Speed"). Each lane is a daemon thread that sets its own OpenMP thread count to 1 when it starts; OpenMP keeps
 * that setting per thread, so other threads, such as a training run's, keep theirs. (libnd4j's own parallel
 * loops follow a process-wide setting that the lanes leave alone.)
 *
 * <p>A SameDiff graph runs one inference at a time, so lane k always works with the caller's k-th copy of the
 * network, and always on the same thread (SameDiff keeps state per graph and thread). The lanes are shared by
 * every caller in the process; each call's lanes take the next minibatch from a common counter until none is
 * left, so a call never waits for a lane that is busy elsewhere while another of its lanes could do the work.
 */
public final class InferenceLanes {

    /** Work for one minibatch on one lane's network copy. */
    @FunctionalInterface
    public interface BatchWork {
        void run(CaptchaNetwork network, int batch);
    }

    private static final Logger LOG = LoggerFactory.getLogger(InferenceLanes.class);
    /** One lane per core, at least 2 (so a 1-core machine runs the same code), at most 8, unless set. */
    private static final int MAX = Math.max(1, Math.min(64, Integer.getInteger("captchalab.lanes",
            Math.max(2, Math.min(8, Runtime.getRuntime().availableProcessors())))));
    private static final ExecutorService[] LANES = new ExecutorService[MAX];
    private static final ThreadLocal<Boolean> ON_LANE = ThreadLocal.withInitial(() -> false);
    private static final AtomicLong LANE_BATCHES = new AtomicLong();
    private static volatile int limit = MAX;

    private InferenceLanes() {
    }

    /**
     * How many lanes a call uses: one per core, at least 2 and at most 8; {@code -Dcaptchalab.lanes=N} sets
     * another number, and {@link #limit} lowers it. With 1, {@link Predictor} runs one batch at a time on the
     * calling thread, over all cores, as it did before the lanes.
     */
    public static int count() {
        return Math.min(limit, MAX);
    }

    /**
     * Lowers (or restores, up to the start-up count) the lanes calls use from now on; the window keeps them
     * within its own budget of native threads.
     */
    public static void limit(int lanes) {
        limit = Math.max(1, lanes);
    }

    /**
     * Limits ND4J to {@code threads} for the work the calling thread starts: libnd4j's parallel loops (its "master
     * threads", process-wide) and the OpenMP team size, which oneDNN's convolutions use and which OpenMP keeps per
     * calling thread, so every thread that runs ND4J operations within a budget calls this first; cheap enough to
     * call per batch ({@code Environment.setMaxThreads} is a no-op in libnd4j 1.0.0-M2.1). The lanes are
     * {@link #limit limited} to the same count, process-wide.
     */
    public static void limitCallingThread(int threads) {
        int n = Math.max(1, threads);
        org.nd4j.linalg.factory.Nd4j.getEnvironment().setMaxMasterThreads(n);
        NativeOpsHolder.getInstance().getDeviceNativeOps().setOmpNumThreads(n);
        limit(n);
    }

    /**
     * The networks for the lanes: {@code network} itself for the first, a copy for each other one ({@link #count()}
     * in all).
     */
    static List<CaptchaNetwork> networksFor(CaptchaNetwork network) {
        List<CaptchaNetwork> nets = new ArrayList<>(count());
        nets.add(network);
        while (nets.size() < count()) {
            nets.add(network.copy());
        }
        return nets;
    }

    /** Minibatches run on lanes so far in this process (for tests: proof that the lanes were used). */
    public static long batchesRun() {
        return LANE_BATCHES.get();
    }

    /**
     * Runs {@code work} for minibatches 0 to {@code batches - 1}, spread over the lanes, lane k using
     * {@code copies[k]} (no copy is used by two threads at once). Returns when all have run; waits without
     * giving up if the calling thread is interrupted (its interrupt flag is kept), like a plain forward pass,
     * so that no copy is still in use when it returns. The first failure is thrown, after the other lanes
     * stopped. Called on a lane itself, it runs every batch there, with {@code copies[0]}.
     */
    public static void run(int batches, List<CaptchaNetwork> copies, BatchWork work) {
        if (batches <= 0) {
            return;
        }
        if (ON_LANE.get()) {
            for (int b = 0; b < batches; b++) {
                work.run(copies.get(0), b);
            }
            return;
        }
        int lanes = Math.min(batches, Math.min(copies.size(), count()));
        AtomicInteger next = new AtomicInteger();
        AtomicBoolean failed = new AtomicBoolean();
        List<Future<?>> futures = new ArrayList<>(lanes);
        RuntimeException notStarted = null;
        for (int k = 0; k < lanes; k++) {
            CaptchaNetwork copy = copies.get(k);
            try {
                futures.add(lane(k).submit(() -> {
                    int b;
                    while (!failed.get() && (b = next.getAndIncrement()) < batches) {
                        try {
                            work.run(copy, b);
                            LANE_BATCHES.incrementAndGet();
                        } catch (RuntimeException | Error e) {
                            failed.set(true);
                            throw e;
                        }
                    }
                }));
            } catch (RuntimeException e) {
                // a lane could not take the work: stop the others, and wait for them below before throwing
                failed.set(true);
                notStarted = e;
                break;
            }
        }
        Throwable first = awaitAll(futures);
        if (notStarted != null) {
            throw notStarted;
        }
        if (first instanceof RuntimeException re) {
            throw re;
        }
        if (first instanceof Error err) {
            throw err;
        }
    }

    /** Waits for every future, also when interrupted (the flag is set again afterwards); the first failure. */
    private static Throwable awaitAll(List<Future<?>> futures) {
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
        return first;
    }

    /** Lane k's thread, started the first time it is needed. */
    private static synchronized ExecutorService lane(int k) {
        if (LANES[k] == null) {
            String name = "inference-lane-" + (k + 1);
            LANES[k] = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(() -> {
                    try {
                        singleThreaded();
                    } catch (Throwable e) {
                        // the lane still runs its work, which then fails with the cause and reports it to the caller
                        LOG.warn("inference lane {} could not set up ND4J", name, e);
                    }
                    r.run();
                }, name);
                t.setDaemon(true);
                return t;
            });
        }
        return LANES[k];
    }

    private static void singleThreaded() {
        ON_LANE.set(true);
        // the native libraries must be loaded before NativeOps can be reached; usually they are by now
        NativeLibraries.load();
        NativeOpsHolder.getInstance().getDeviceNativeOps().setOmpNumThreads(1);
    }
}
