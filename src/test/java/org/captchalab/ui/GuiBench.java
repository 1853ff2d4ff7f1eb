package org.captchalab.ui;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.application.Platform;
import javafx.scene.control.ScrollBar;
import javafx.stage.Stage;
import javafx.util.Duration;
import org.captchalab.ui.backend.Dl4jModelService;
import org.captchalab.ui.backend.StoreWorkspace;
import org.captchalab.ui.browser.SampleFilter;
import org.captchalab.ui.browser.SortOrder;
import org.captchalab.ui.fakes.FakeModelService;
import org.captchalab.ui.fakes.FakeWorkspace;
import org.captchalab.ui.fakes.MemoryPreferences;
import org.captchalab.ui.fakes.SampleSets;

/**
 * The responsiveness benchmark: the longest gap between two JavaFX pulses, measured by the window's own
 * {@link PulseMonitor}, (1) while scrolling through 100,000 images (a synthetic dataset whose thumbnails are
 * drawn on decode) top to bottom and switching filters and sorts, and (2) while a real training run (SameDiff,
 * seed preset) goes on and the grid scrolls, until the run has finished and predictions have refreshed.
 *
 * <p>Run under Xvfb (see README) or headless with Monocle on a JDK 21+:
 * {@code java -cp target/classes:target/test-classes:$(cat cp.txt) org.captchalab.ui.GuiBench}.
 */
public final class GuiBench {

    private GuiBench() {
    }

    public static void main(String[] args) throws Exception {
        // the allocator settings the product runs with (Launcher does this)
        org.captchalab.MallocTuning.handOverToTunedChild();
        org.captchalab.NativeBackend.select(); // the same native build as the product (Launcher does this)
        org.captchalab.model.NativeLibraries.load(); // and loaded, as the product does, before FX starts threads
        int images = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        Platform.startup(() -> { });
        Platform.setImplicitExit(false);
        if (Boolean.getBoolean("bench.watchdog")) {
            startWatchdog();
        }
        if (Boolean.getBoolean("bench.explain")) {
            FxThreads.runOnFx(GuiBench::explainLatePulses);
        }
        // -Dbench.phases=scroll (say) runs only some phases, e.g. to profile one of them.
        java.util.Set<String> phases = java.util.Set.of(System.getProperty("bench.phases", "idle,scroll,training").split(","));
        System.out.printf("GUI bench: load average before %s; malloc %s; JVM options %s%n", loadAverage(),
                org.captchalab.MallocTuning.state(),
                java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                        .filter(a -> a.startsWith("-XX") || a.startsWith("-Xm")).toList());
        if (phases.contains("idle")) {
            report("an idle window over 10 s", idlePhase());
        }
        if (phases.contains("scroll")) {
            report(String.format("scrolling %,d images", images), scrollPhase(images));
        }
        if (phases.contains("training")) {
            trainingPhase();
        }
        Platform.exit();
        System.exit(0);
    }

    private static volatile MainView current;

    /**
     * What a phase measured: the longest gap, how many gaps were over 50 ms, the pulses in all, and the CPU
     * time the FX thread and the render thread used (less dependent on the machine's load than the gaps).
     */
    private record Gaps(double longestMillis, long over50, long pulses, double fxCpuMillis, double renderCpuMillis) {
    }

    private static final java.lang.management.ThreadMXBean CPU = java.lang.management.ManagementFactory.getThreadMXBean();
    private static volatile long fxThreadId;
    private static volatile long[] cpuAtStart = new long[2];

    /** CPU nanoseconds of the FX thread and of the render thread (QuantumRenderer-0) so far. */
    private static long[] cpuNow() {
        long render = renderThreadId();
        return new long[] {CPU.getThreadCpuTime(fxThreadId), render > 0 ? CPU.getThreadCpuTime(render) : 0};
    }

    /** The id of JavaFX's render thread, 0 if it is not running. */
    private static long renderThreadId() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals("QuantumRenderer-0"))
                .mapToLong(Thread::getId).findFirst().orElse(0);
    }

    private static void startMeasuring(MainView view) throws InterruptedException {
        FxThreads.runOnFx(() -> restartMeasuringOnFx(view));
    }

    /** FX thread: forgets the pulses so far and takes the CPU times the next figures start from. */
    private static void restartMeasuringOnFx(MainView view) {
        fxThreadId = Thread.currentThread().getId();
        view.pulseMonitor().reset();
        cpuAtStart = cpuNow();
    }

    private static Gaps gaps(MainView view) {
        PulseMonitor m = view.pulseMonitor();
        long[] cpu = cpuNow();
        return new Gaps(m.maxGapMillis(), m.gapsOver50ms(), m.pulses(), (cpu[0] - cpuAtStart[0]) / 1e6,
                (cpu[1] - cpuAtStart[1]) / 1e6);
    }

    private static void report(String phase, Gaps g) throws java.io.IOException {
        System.out.printf("GUI bench: %s: longest pulse gap %.1f ms, %d of %d gaps over 50 ms; CPU: FX thread %.1f s"
                + " (%.2f ms per pulse), render thread %.1f s (%.2f ms per pulse) (load average %s)%n", phase,
                g.longestMillis(), g.over50(), g.pulses(), g.fxCpuMillis() / 1000, g.fxCpuMillis() / Math.max(1, g.pulses()),
                g.renderCpuMillis() / 1000, g.renderCpuMillis() / Math.max(1, g.pulses()), loadAverage());
    }

    private static String loadAverage() throws java.io.IOException {
        return Files.readString(Path.of("/proc/loadavg")).trim();
    }

    /**
     * {@code -Dbench.explain=true}: for every pulse over 40 ms after the one before, prints what the FX thread,
     * the render thread and the garbage collector did in between (CPU milliseconds, collection milliseconds),
     * without stopping any thread to look (unlike the watchdog, whose stack dumps are safepoints themselves).
     */
    private static void explainLatePulses() {
        long fx = Thread.currentThread().getId();
        java.util.List<java.lang.management.GarbageCollectorMXBean> gcs =
                java.lang.management.ManagementFactory.getGarbageCollectorMXBeans();
        new javafx.animation.AnimationTimer() {
            long last;
            long fxCpu;
            long renderCpu;
            long gcMillis;
            long renderId = -1;

            @Override
            public void handle(long now) {
                if (renderId < 0) {
                    renderId = renderThreadId();
                }
                long f = CPU.getThreadCpuTime(fx);
                long r = renderId > 0 ? CPU.getThreadCpuTime(renderId) : 0;
                long g = gcs.stream().mapToLong(java.lang.management.GarbageCollectorMXBean::getCollectionTime).sum();
                if (last != 0 && now - last > 40_000_000L) {
                    System.out.printf("late pulse at uptime %.3f s: gap %.1f ms; FX thread CPU %.1f ms, render thread CPU %.1f ms, GC %d ms%n",
                            uptimeSeconds(),
                            (now - last) / 1e6, (f - fxCpu) / 1e6, (r - renderCpu) / 1e6, g - gcMillis);
                }
                last = now;
                fxCpu = f;
                renderCpu = r;
                gcMillis = g;
            }
        }.start();
    }

    /**
     * With -Dbench.watchdog=true: when a pulse is 40 ms late (or {@code -Dbench.watchdogMillis}), prints where the FX thread is, to find what
     * holds it (the AnimationTimer runs at the start of a pulse, so a late pulse is a busy FX thread or a
     * starved process).
     */
    private static void startWatchdog() throws InterruptedException {
        Thread[] fx = new Thread[1];
        CountDownLatch l = new CountDownLatch(1);
        Platform.runLater(() -> {
            fx[0] = Thread.currentThread();
            l.countDown();
        });
        l.await();
        Thread w = new Thread(() -> {
            java.util.Map<String, Integer> seen = new java.util.HashMap<>();
            while (true) {
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    return;
                }
                MainView v = current;
                if (v == null || v.pulseMonitor().lastPulseNanos() == 0) {
                    continue;
                }
                long late = (System.nanoTime() - v.pulseMonitor().lastPulseNanos()) / 1_000_000;
                if (late > Integer.getInteger("bench.watchdogMillis", 40)) {
                    StackTraceElement[] st = fx[0].getStackTrace();
                    StringBuilder sb = new StringBuilder();
                    for (int i = 0; i < Math.min(Integer.getInteger("bench.watchdogDepth", 14), st.length); i++) {
                        sb.append("    ").append(st[i]).append('\n');
                    }
                    String key = sb.toString();
                    int n = seen.merge(key, 1, Integer::sum);
                    if (n <= 2) {
                        System.out.printf("late %d ms at JVM uptime %.3f s, FX thread %s:%n%s", late,
                                uptimeSeconds(), fx[0].getState(), key);
                    }
                }
            }
        }, "pulse-watchdog");
        w.setDaemon(true);
        w.start();
    }

    private static double uptimeSeconds() {
        return java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime() / 1000.0;
    }

    private static RecentDatasets scratchPrefs() {
        return MemoryPreferences.recent();
    }

    private static MainView open(Backends backends, Path folder) throws Exception {
        AtomicReference<MainView> view = new AtomicReference<>();
        CountDownLatch shown = new CountDownLatch(1);
        Platform.runLater(() -> {
            view.set(WorkbenchApp.open(new Stage(), backends, folder, url -> { }, scratchPrefs()));
            shown.countDown();
        });
        shown.await();
        current = view.get();
        return view.get();
    }

    /** The baseline: an open window doing nothing, which shows what the machine's load alone costs. */
    private static Gaps idlePhase() throws Exception {
        FakeWorkspace ws = new FakeWorkspace(1000);
        MainView view = open(new Backends(f -> ws, new FakeModelService()), Path.of("idle"));
        FxThreads.waitUntil(60, () -> view.browser().visibleProperty().get().length == 1000);
        Thread.sleep(2000);
        startMeasuring(view);
        Thread.sleep(10_000);
        Gaps gap = gaps(view);
        FxThreads.runOnFx(() -> view.getScene().getWindow().hide());
        return gap;
    }

    private static Gaps scrollPhase(int images) throws Exception {
        FakeWorkspace ws = new FakeWorkspace(images);
        MainView view = open(new Backends(f -> ws, new FakeModelService()), Path.of("synthetic"));
        FxThreads.waitUntil(60, () -> view.browser().visibleProperty().get().length == images);
        Thread.sleep(2000);
        scrollThrough(view, 3); // warm-up: class loading and JIT of the scrolling path are one-time costs
        startMeasuring(view);
        scrollThrough(view, 20);
        FxThreads.runOnFx(() -> view.browser().filterProperty().set(SampleFilter.of(SampleFilter.Kind.MISCLASSIFIED)));
        Thread.sleep(1500);
        FxThreads.runOnFx(() -> view.browser().sortProperty().set(SortOrder.LOSS));
        Thread.sleep(1500);
        FxThreads.runOnFx(() -> view.browser().searchProperty().set("a*"));
        Thread.sleep(1500);
        scrollThrough(view, 5);
        Gaps gap = gaps(view);
        FxThreads.runOnFx(() -> view.getScene().getWindow().hide());
        return gap;
    }

    /**
     * A real two-epoch seed run on 800 generated images while the grid scrolls, reported in two parts: the
     * run itself, then the prediction of every image by the finished run (still scrolling). Other runs:
     * {@code -Dbench.preset=strong -Dbench.epochs=3 -Dbench.trainImages=4000}.
     */
    private static void trainingPhase() throws Exception {
        String preset = System.getProperty("bench.preset", "seed");
        int epochs = Integer.getInteger("bench.epochs", 2);
        int count = Integer.getInteger("bench.trainImages", 800);
        Path dir = Files.createTempDirectory("guibench");
        Path data = SampleSets.generate(dir.resolve("data"), count, 3);
        Path models = dir.resolve("models");
        MainView view = open(new Backends(f -> StoreWorkspace.open(f, models), new Dl4jModelService()), data);
        FxThreads.waitUntil(120, () -> view.browser().visibleProperty().get().length == count);
        Thread.sleep(2000);
        scrollThrough(view, 2);
        var training = view.trainingForBench();
        FxThreads.runOnFx(() -> training.epochsProperty().unbind());
        FxThreads.runOnFx(() -> training.epochsProperty().set(epochs));
        FxThreads.runOnFx(() -> training.presetProperty().set(preset));
        AtomicReference<String> speed = new AtomicReference<>("");
        CountDownLatch finished = new CountDownLatch(1);
        long[] ended = new long[1];
        AtomicReference<Gaps> during = new AtomicReference<>();
        FxThreads.runOnFx(() -> {
            training.progressTextProperty().addListener((o, a, b) -> {
                if (b.contains("img/s")) {
                    speed.set(b);
                }
            });
            training.stateProperty().addListener((o, a, b) -> {
                if (b == org.captchalab.ui.training.TrainingViewModel.State.IDLE) {
                    // The run's figures end here; the prediction by the new run is measured from here on.
                    ended[0] = System.nanoTime();
                    during.set(gaps(view));
                    if (Boolean.getBoolean("bench.explain")) {
                        System.out.printf("the run ended at uptime %.3f s%n", uptimeSeconds());
                    }
                    restartMeasuringOnFx(view);
                    finished.countDown();
                }
            });
        });
        startMeasuring(view);
        long t0 = System.nanoTime();
        FxThreads.runOnFx(training::start);
        while (finished.getCount() > 0 && System.nanoTime() - t0 < TimeUnit.MINUTES.toNanos(60)) {
            scrollThrough(view, 4);
        }
        System.out.printf("GUI bench: the training run took %.1f s (%d epochs); its last progress line: %s%n",
                (ended[0] - t0) / 1e9, epochs, speed.get());
        report(String.format("a training run (%s, %d images, real network) while scrolling", preset, count), during.get());
        long p0 = ended[0];
        while (!java.util.Arrays.stream(view.browser().dataset().snapshot()).allMatch(r -> r.prediction() != null)
                && System.nanoTime() - p0 < TimeUnit.MINUTES.toNanos(2)) {
            scrollThrough(view, 2);
        }
        if (Boolean.getBoolean("bench.explain")) {
            System.out.printf("all predicted at uptime %.3f s%n", uptimeSeconds());
        }
        report(String.format("from the run's end until it had predicted all %d images, scrolling (%.1f s)",
                count, (System.nanoTime() - p0) / 1e9), gaps(view));
        FxThreads.runOnFx(() -> view.getScene().getWindow().hide());
    }

    /** Scrolls the grid from top to bottom in about {@code seconds} with its scroll bar, one step per 16 ms frame. */
    private static void scrollThrough(MainView view, int seconds) throws Exception {
        CountDownLatch done = new CountDownLatch(1);
        Platform.runLater(() -> {
            ScrollBar bar = (ScrollBar) view.lookup("#grid .scroll-bar");
            int frames = seconds * 60;
            double step = bar.getMax() / frames;
            bar.setValue(0);
            Timeline t = new Timeline(new KeyFrame(Duration.millis(16),
                    e -> bar.setValue(Math.min(bar.getMax(), bar.getValue() + step))));
            t.setCycleCount(frames);
            t.setOnFinished(e -> done.countDown());
            t.play();
        });
        done.await(seconds * 3L, TimeUnit.SECONDS);
    }
}
