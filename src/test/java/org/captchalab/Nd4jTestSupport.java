package org.captchalab;

/**
 * Tests that touch ND4J call {@link #init()} from a static initialiser so the native build is chosen before
 * any ND4J class loads (see {@link NativeBackend}).
 */
public final class Nd4jTestSupport {

    private Nd4jTestSupport() {
    }

    public static void init() {
        NativeBackend.select();
    }
}
