package org.captchalab.model;

import java.lang.management.ManagementFactory;
import java.util.Locale;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ND4J's native (off-heap) memory: how its allocation failures look, and a cap that makes them happen.
 *
 * <p>Why a cap: ND4J M2.1's native library does not check what {@code malloc} returns, so when the system
 * really refuses an allocation (a minibatch larger than the machine's memory) the JVM dies with SIGSEGV and
 * an hs_err dump, and nothing can report it. Under a limit set with ND4J's own memory counter, an allocation
 * that would cross it is refused first, as a {@code RuntimeException("Allocation failed: [Requested amount
 * exceeds HOST device limits; ...]")} that the training job turns into "lower the batch size". Arrays freed by
 * the garbage collector are counted down again (ND4J runs the collector and retries before it refuses).
 *
 * <p>The limit is physical memory minus the Java heap's maximum and a reserve, or the size given with
 * {@code -Dcaptchalab.nativememory=SIZE} (e.g. {@code 4g}, {@code 500m}), for a machine shared with others.
 */
public final class NativeMemory {

    private static final Logger LOG = LoggerFactory.getLogger(NativeMemory.class);

    /** System property: the native memory cap, bytes with an optional k, m or g suffix. */
    public static final String PROPERTY = "captchalab.nativememory";

    /** Left for the JVM itself, the native libraries' own allocations and the rest of the system. */
    static final long RESERVE = 512L << 20;
    static final long MINIMUM = 256L << 20;

    /** What OpaqueDataBuffer's failure message starts with, and what the native counter says. */
    private static final String[] ND4J_ALLOCATION_FAILURES = {"allocation failed", "exceeds host device limits"};

    private static boolean applied;

    private NativeMemory() {
    }

    /**
     * True when {@code e} (or one of its causes) means memory ran out: a Java {@link OutOfMemoryError} (heap,
     * or JavaCPP's own limits) or ND4J refusing a native allocation.
     */
    public static boolean isOutOfMemory(Throwable e) {
        int depth = 0;
        for (Throwable t = e; t != null && depth < 20; t = t.getCause(), depth++) {
            if (t instanceof OutOfMemoryError) {
                return true;
            }
            String m = t.getMessage() == null ? "" : t.getMessage().toLowerCase(Locale.ROOT);
            for (String s : ND4J_ALLOCATION_FAILURES) {
                if (m.contains(s)) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Sets ND4J's native memory cap, once per JVM (later calls do nothing). Loads ND4J, so call it only where
     * ND4J is about to be used.
     *
     * @throws IllegalArgumentException when {@value #PROPERTY} is not a size
     */
    public static synchronized void applyLimit() {
        if (applied) {
            return;
        }
        String configured = System.getProperty(PROPERTY);
        long limit = configured != null ? parseSize(configured)
                : defaultLimit(physicalMemory(), Runtime.getRuntime().maxMemory());
        Nd4j.getEnvironment().setDeviceLimit(0, limit);
        applied = true;
        LOG.info("ND4J native memory capped at {} MiB{}", limit >> 20, configured != null ? " (" + PROPERTY + ")" : "");
    }

    /** Physical memory minus the heap's maximum and {@link #RESERVE}, at least {@link #MINIMUM}. */
    static long defaultLimit(long physical, long maxHeap) {
        return Math.max(MINIMUM, physical - maxHeap - RESERVE);
    }

    /** "123", "64k", "500m", "4g" (case-insensitive) as bytes. */
    static long parseSize(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        long unit = 1;
        if (!t.isEmpty() && "kmg".indexOf(t.charAt(t.length() - 1)) >= 0) {
            unit = 1L << (10 * ("kmg".indexOf(t.charAt(t.length() - 1)) + 1));
            t = t.substring(0, t.length() - 1);
        }
        try {
            long n = Long.parseLong(t);
            if (n > 0 && n <= Long.MAX_VALUE / unit) {
                return n * unit;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("-D" + PROPERTY + "=" + text + " is not a memory size (use e.g. 4g or 500m)");
    }

    private static long physicalMemory() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getTotalMemorySize();
        }
        return Runtime.getRuntime().maxMemory() * 4;
    }
}
