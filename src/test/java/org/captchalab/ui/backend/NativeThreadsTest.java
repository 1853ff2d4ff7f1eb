package org.captchalab.ui.backend;

import static org.assertj.core.api.Assertions.assertThat;

import org.captchalab.Nd4jTestSupport;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOpsHolder;

class NativeThreadsTest {

    static {
        Nd4jTestSupport.init();
    }

    @Test
    void theWindowLeavesOneCoreForItselfUnlessTold() {
        assertThat(NativeThreads.forWindow(2, null)).isEqualTo(1);
        assertThat(NativeThreads.forWindow(8, "")).isEqualTo(7);
        assertThat(NativeThreads.forWindow(1, null)).isEqualTo(1);
        assertThat(NativeThreads.forWindow(2, "2")).isEqualTo(2);
        assertThat(NativeThreads.forWindow(4, "0")).isEqualTo(1);
        assertThat(NativeThreads.forWindow(4, "many")).isEqualTo(3);
    }

    @Test
    void limitingReachesNd4jAndTheCallingThreadsOpenMpTeam() throws Exception {
        String before = System.getProperty(NativeThreads.PROPERTY);
        int masterThreadsBefore = Nd4j.getEnvironment().maxMasterThreads();
        System.setProperty(NativeThreads.PROPERTY, "1");
        int[] seen = new int[2];
        try {
            Thread t = new Thread(() -> {
                NativeThreads.limitCurrentThread();
                seen[0] = Nd4j.getEnvironment().maxMasterThreads();
                seen[1] = NativeOpsHolder.getInstance().getDeviceNativeOps().ompGetMaxThreads();
            });
            t.start();
            t.join();
        } finally {
            Nd4j.getEnvironment().setMaxMasterThreads(masterThreadsBefore); // process-wide: later tests keep theirs
            if (before == null) {
                System.clearProperty(NativeThreads.PROPERTY);
            } else {
                System.setProperty(NativeThreads.PROPERTY, before);
            }
        }
        assertThat(seen).containsExactly(1, 1);
    }
}
