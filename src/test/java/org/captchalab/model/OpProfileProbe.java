package org.captchalab.model;

import java.util.*;
import org.captchalab.Nd4jTestSupport;
import org.captchalab.dataset.Alphabet;
import org.nd4j.autodiff.listeners.*;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.internal.SameDiffOp;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.OpContext;
import org.nd4j.linalg.dataset.api.MultiDataSet;

/**
 * Manual probe: where a training step's time goes, per op, with the minor page faults each op caused (read from
 * {@code /proc/self/stat}). Like the product it runs in a child with tuned allocator settings
 * ({@link org.captchalab.MallocTuning}); {@code CAPTCHALAB_MALLOC=default} in the environment measures glibc's defaults.
 * {@code -Dprobe.noHelpers=OP} (an op's name as printed, e.g. {@code conv2d_bp_3}, the first convolution's backward
 * pass) runs that op without ND4J's platform helpers (oneDNN), i.e. with libnd4j's own code; it prints a line when
 * the name matched. It always runs SameDiff's path, also for the seed network (whose direct pass
 * {@link SeedPassProbe} times). The session keeps each op's context, so the setting also holds in the loop timed without the
 * profiler (its step time shows it).
 */
public final class OpProfileProbe {
    /** This process's minor page faults so far (field 10 of /proc/self/stat). */
    static long minorFaults() {
        try {
            String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/self/stat"));
            return Long.parseLong(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[7]);
        } catch (java.io.IOException e) {
            return 0;
        }
    }

    private static final Set<String> noHelpersSet = new HashSet<>();

    public static void main(String[] args) {
        org.captchalab.MallocTuning.handOverToTunedChild();
        System.out.println("malloc " + org.captchalab.MallocTuning.state());
        Nd4jTestSupport.init();
        NetworkSpec spec = new NetworkSpec(Preset.parse(args.length > 0 ? args[0] : "seed"), 129, 53, 4, 26);
        CaptchaNetwork net = CaptchaNetwork.create(spec, 1, 1e-3);
        // SameDiff's own ops are what this probe times; the seed network's direct pass has SeedPassProbe
        net.useSeedPass(false);
        Random r = new Random(0);
        List<byte[]> imgs = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < 64; i++) { byte[] b = new byte[spec.pixelsPerImage()]; r.nextBytes(b); imgs.add(b); labels.add("abcd"); }
        INDArray x = ImageTensors.images(imgs, spec);
        INDArray[] y = ImageTensors.labels(labels, Alphabet.LOWERCASE, 4);
        for (int i = 0; i < 5; i++) net.fit(x, y, i);
        Map<String, long[]> t = new TreeMap<>();
        long[] start = {0, 0};
        net.steps.listeners = List.of(new BaseListener() {
            public boolean isActive(Operation o) { return true; }
            public void preOpExecution(SameDiff sd, At at, SameDiffOp op, OpContext c) {
                if (op.getName().equals(System.getProperty("probe.noHelpers", "-")) && c != null) {
                    if (noHelpersSet.add(op.getName())) System.out.println("platform helpers off for " + op.getName());
                    c.allowHelpers(false);
                }
                start[1] = minorFaults(); start[0] = System.nanoTime(); }
            public void opExecution(SameDiff sd, At at, MultiDataSet b, SameDiffOp op, OpContext c, INDArray[] out) {
                long dt = System.nanoTime() - start[0];
                long faults = minorFaults() - start[1];
                String key = op.getOp().opName().equals("conv2d_bp") || op.getOp().opName().equals("conv2d") ? op.getName() : op.getOp().opName();
                long[] v = t.computeIfAbsent(key, k -> new long[3]); v[0] += dt; v[1]++; v[2] += faults;
            }
        });
        int n = 20;
        long f0 = minorFaults();
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) net.fit(x, y, i);
        double total = (System.nanoTime() - t0) / 1e6 / n;
        long faultsPerStep = (minorFaults() - f0) / n;
        double inOps = 0;
        List<Map.Entry<String, long[]>> e = new ArrayList<>(t.entrySet());
        e.sort((a, b) -> Long.compare(b.getValue()[0], a.getValue()[0]));
        for (var en : e) { inOps += en.getValue()[0] / 1e6 / n; System.out.printf("%-28s %8.2f ms/iter  %4d calls/iter %7d page faults/iter%n", en.getKey(), en.getValue()[0] / 1e6 / n, en.getValue()[1] / n, en.getValue()[2] / n); }
        System.out.printf("step %.1f ms, in ops %.1f ms, outside ops %.1f ms; %d minor page faults per step%n", total, inOps, total - inOps, faultsPerStep);
        net.steps.listeners = List.of();
        t0 = System.nanoTime();
        for (int i = 0; i < n; i++) net.fit(x, y, i);
        System.out.printf("step without profiler %.1f ms%n", (System.nanoTime() - t0) / 1e6 / n);
        t0 = System.nanoTime();
        for (int i = 0; i < n; i++) net.probabilities(x);
        System.out.printf("inference %.1f ms%n", (System.nanoTime() - t0) / 1e6 / n);
        t.clear();
        net.graph().setListeners(new BaseListener() {
            public boolean isActive(Operation o) { return true; }
            public void preOpExecution(SameDiff sd, At at, SameDiffOp op, OpContext c) { start[0] = System.nanoTime(); }
            public void opExecution(SameDiff sd, At at, MultiDataSet b, SameDiffOp op, OpContext c, INDArray[] out) {
                t.computeIfAbsent(op.getOp().opName(), k -> new long[2]);
                long[] v = t.get(op.getOp().opName()); v[0] += System.nanoTime() - start[0]; v[1]++;
            }
        });
        t0 = System.nanoTime();
        for (int i = 0; i < n; i++) net.probabilities(x);
        System.out.printf("inference with profiler %.1f ms%n", (System.nanoTime() - t0) / 1e6 / n);
        e = new ArrayList<>(t.entrySet());
        e.sort((a, b) -> Long.compare(b.getValue()[0], a.getValue()[0]));
        for (var en : e.subList(0, Math.min(12, e.size()))) { System.out.printf("  %-28s %8.2f ms/iter  %4d calls/iter%n", en.getKey(), en.getValue()[0] / 1e6 / n, en.getValue()[1] / n); }
    }
}
