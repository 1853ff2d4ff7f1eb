package org.captchalab.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/** Recognising ND4J's allocation failures, and the native memory cap's size. No ND4J is loaded here. */
class NativeMemoryTest {

    /** Exactly what OpaqueDataBuffer threw when a SameDiff activation crossed the cap (seen in a child JVM). */
    static final String ND4J_REFUSAL = "Allocation failed: [Requested amount exceeds HOST device limits; "
            + "Limit bytes: [41943040]; Requested bytes: [67108864]]";

    @Test
    void nd4jRefusingAnAllocationIsOutOfMemory() {
        assertThat(NativeMemory.isOutOfMemory(new RuntimeException(ND4J_REFUSAL))).isTrue();
        assertThat(NativeMemory.isOutOfMemory(new IllegalStateException("Op [conv2d] execution failed",
                new RuntimeException(ND4J_REFUSAL)))).as("as the cause of another failure").isTrue();
    }

    @Test
    void javaOutOfMemoryErrorsAnywhereInTheChainAreOutOfMemory() {
        assertThat(NativeMemory.isOutOfMemory(new OutOfMemoryError("Java heap space"))).isTrue();
        assertThat(NativeMemory.isOutOfMemory(new CompletionException(new OutOfMemoryError()))).isTrue();
    }

    @Test
    void otherFailuresAreNot() {
        assertThat(NativeMemory.isOutOfMemory(new IllegalArgumentException(
                "image has 12 bytes, the network expects 1536 (32x16 RGB)"))).isFalse();
        assertThat(NativeMemory.isOutOfMemory(new RuntimeException("memory-mapped file closed"))).isFalse();
        assertThat(NativeMemory.isOutOfMemory(new NullPointerException())).isFalse();
        RuntimeException a = new RuntimeException("a");
        RuntimeException b = new RuntimeException("b", a);
        a.initCause(b);
        assertThat(NativeMemory.isOutOfMemory(b)).as("a cause cycle ends").isFalse();
    }

    @Test
    void sizesReadWithSuffixes() {
        assertThat(NativeMemory.parseSize("1234")).isEqualTo(1234);
        assertThat(NativeMemory.parseSize("64k")).isEqualTo(64L << 10);
        assertThat(NativeMemory.parseSize(" 40M ")).isEqualTo(40L << 20);
        assertThat(NativeMemory.parseSize("4g")).isEqualTo(4L << 30);
        for (String bad : new String[] {"", "g", "-5m", "0", "lots", "9999999999999g"}) {
            assertThatThrownBy(() -> NativeMemory.parseSize(bad)).as(bad)
                    .hasMessageContaining("-Dcaptchalab.nativememory=").hasMessageContaining("not a memory size");
        }
    }

    @Test
    void theDefaultCapLeavesTheHeapAndAReserve() {
        long gib = 1L << 30;
        assertThat(NativeMemory.defaultLimit(24 * gib, 6 * gib)).isEqualTo(18 * gib - NativeMemory.RESERVE);
        assertThat(NativeMemory.defaultLimit(gib, gib)).isEqualTo(NativeMemory.MINIMUM);
    }
}
