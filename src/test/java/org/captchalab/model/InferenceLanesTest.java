package org.captchalab.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.captchalab.Nd4jTestSupport;
import org.captchalab.dataset.Alphabet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.nativeblas.NativeOps;
import org.nd4j.nativeblas.NativeOpsHolder;

/** The inference lanes and the predictor's use of them. */
class InferenceLanesTest {

    static {
        Nd4jTestSupport.init();
    }

    private static final NetworkSpec SPEC = new NetworkSpec(Preset.SEED, 129, 53, 4, 26);
    private static CaptchaNetwork net;

    @BeforeAll
    static void network() {
        NativeLibraries.load();
        net = CaptchaNetwork.create(SPEC, 3, 1e-3);
    }

    private static List<CaptchaNetwork> copies() {
        List<CaptchaNetwork> copies = new ArrayList<>();
        while (copies.size() < InferenceLanes.count()) {
            copies.add(net.copy());
        }
        return copies;
    }

    @Test
    void eachLaneRunsNd4jSingleThreadedWhileTheCallerKeepsItsThreads() {
        NativeOps ops = NativeOpsHolder.getInstance().getDeviceNativeOps();
        int callerBefore = ops.ompGetMaxThreads();
        Map<String, Integer> seen = new ConcurrentHashMap<>();
        InferenceLanes.run(4 * InferenceLanes.count(), copies(), (n, b) -> {
            seen.put(Thread.currentThread().getName(), ops.ompGetMaxThreads());
            n.probabilities(org.nd4j.linalg.factory.Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.FLOAT, 2, 53, 129, 3));
            sleep(20);
        });
        assertThat(seen).as("every lane took work").hasSize(InferenceLanes.count());
        assertThat(seen.keySet()).allMatch(name -> name.startsWith("inference-lane-"));
        assertThat(seen.values()).containsOnly(1);
        assertThat(ops.ompGetMaxThreads()).as("the caller's OpenMP threads").isEqualTo(callerBefore);
        assertThat(InferenceLanes.count()).isBetween(2, 8);
    }

    @Test
    void predictionsThroughTheLanesEqualThoseOfOneBatchAtATimeOnTheCallingThread() {
        Alphabet alphabet = Alphabet.LOWERCASE;
        Random r = new Random(5);
        List<byte[]> images = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            byte[] img = new byte[SPEC.pixelsPerImage()];
            r.nextBytes(img);
            images.add(img);
            StringBuilder l = new StringBuilder();
            for (int p = 0; p < 4; p++) {
                l.append((char) ('a' + r.nextInt(26)));
            }
            labels.add(l.toString());
        }
        Predictor lanes = new Predictor(net.copy(), alphabet, 0.7);
        long before = InferenceLanes.batchesRun();
        double[] losses = new double[300];
        List<SequencePrediction> all = lanes.predict(images, labels, losses);
        assertThat(InferenceLanes.batchesRun() - before).as("300 images are three batches of 128, all on lanes").isEqualTo(3);

        // the reference: each batch alone, which a predictor runs on the calling thread
        Predictor single = new Predictor(net.copy(), alphabet, 0.7);
        List<SequencePrediction> reference = new ArrayList<>();
        double[] referenceLosses = new double[300];
        for (int from = 0; from < 300; from += 128) {
            int to = Math.min(300, from + 128);
            double[] l = new double[to - from];
            reference.addAll(single.predict(images.subList(from, to), labels.subList(from, to), l));
            System.arraycopy(l, 0, referenceLosses, from, l.length);
        }
        assertThat(InferenceLanes.batchesRun() - before).as("single batches stay on the caller").isEqualTo(3);
        assertThat(all).hasSize(300);
        for (int i = 0; i < 300; i++) {
            assertThat(losses[i]).as("loss of image " + i).isCloseTo(referenceLosses[i], within(1e-5));
            for (int p = 0; p < 4; p++) {
                PositionPrediction a = all.get(i).positions().get(p);
                PositionPrediction b = reference.get(i).positions().get(p);
                assertThat(a.best()).as("image " + i + " position " + p).isEqualTo(b.best());
                assertThat(a.probability()).isCloseTo(b.probability(), within(1e-5));
            }
        }
    }

    @Test
    void aLaneThatRunsLanesItselfRunsTheBatchesThereInsteadOfWaitingForItself() {
        Map<Integer, String> inner = new ConcurrentHashMap<>();
        InferenceLanes.run(InferenceLanes.count(), copies(), (n, outer) -> {
            // every lane busy with this work, each asking the lanes for more: without running it in place, nothing moves
            InferenceLanes.run(3, copies(), (m, b) -> inner.put(outer * 10 + b, Thread.currentThread().getName()));
            sleep(20);
        });
        assertThat(inner).hasSize(3 * InferenceLanes.count());
        assertThat(inner.values()).allMatch(name -> name.startsWith("inference-lane-"));
    }

    @Test
    void aLimitBelowTwoSendsPredictionsBackToTheCallingThread() {
        int before = InferenceLanes.count();
        InferenceLanes.limit(1);
        try {
            long runs = InferenceLanes.batchesRun();
            List<byte[]> images = CaptchaNetworkTest.randomImages(200, SPEC, 1);
            assertThat(new Predictor(net.copy(), Alphabet.LOWERCASE).predict(images)).hasSize(200);
            assertThat(InferenceLanes.batchesRun()).isEqualTo(runs);
        } finally {
            InferenceLanes.limit(before);
        }
        assertThat(InferenceLanes.count()).isEqualTo(before);
    }

    @Test
    void aFailingBatchReachesTheCallerAndTheLanesStayUsable() {
        AtomicInteger ran = new AtomicInteger();
        assertThatThrownBy(() -> InferenceLanes.run(200, copies(), (n, b) -> {
            if (b == 3) {
                throw new IllegalStateException("batch 3 failed");
            }
            sleep(5);
            ran.incrementAndGet();
        })).isInstanceOf(IllegalStateException.class).hasMessage("batch 3 failed");
        assertThat(ran.get()).as("the other lanes stop taking batches").isLessThan(100);
        AtomicIntegerArray done = new AtomicIntegerArray(5);
        InferenceLanes.run(5, copies(), (n, b) -> done.incrementAndGet(b));
        for (int b = 0; b < 5; b++) {
            assertThat(done.get(b)).as("batch " + b).isEqualTo(1);
        }
    }

    @Test
    void anInterruptedCallerStillGetsEveryBatchAndKeepsItsInterrupt() {
        AtomicIntegerArray done = new AtomicIntegerArray(6);
        Thread.currentThread().interrupt();
        try {
            InferenceLanes.run(6, copies(), (n, b) -> {
                sleep(20);
                done.incrementAndGet(b);
            });
            for (int b = 0; b < 6; b++) {
                assertThat(done.get(b)).as("batch " + b).isEqualTo(1);
            }
        } finally {
            assertThat(Thread.interrupted()).as("the interrupt is kept for the caller").isTrue();
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
