package org.captchalab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Chooses which build of ND4J's native library to load, before anything touches ND4J.
 *
 * <p>On Linux x86-64 the class path carries the plain {@code linux-x86_64} build plus the oneDNN builds for
 * AVX2 and AVX-512. The oneDNN builds make the SameDiff convolutions several times faster, but an AVX-512
 * build crashes on a CPU without it, so the choice is made from {@code /proc/cpuinfo} at start-up. JavaCPP's
 * loader reads the {@code org.bytedeco.javacpp.platform.extension} property to pick the classifier; a value
 * the user set explicitly always wins, and {@code CAPTCHALAB_NATIVE=plain} forces the plain build.
 */
public final class NativeBackend {

    static final String PROPERTY = "org.bytedeco.javacpp.platform.extension";

    private NativeBackend() {
    }

    /** Sets the platform extension for this CPU unless one was set already; returns the one in force. */
    public static String select() {
        String explicit = System.getProperty(PROPERTY);
        if (explicit != null) {
            return explicit;
        }
        String forced = System.getenv("CAPTCHALAB_NATIVE");
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "");
        String extension = "";
        if (!"plain".equalsIgnoreCase(forced) && os.contains("linux") && (arch.equals("amd64") || arch.equals("x86_64"))) {
            extension = extensionFor(cpuFlags(), NativeBackend.class.getClassLoader());
        }
        System.setProperty(PROPERTY, extension);
        return extension;
    }

    static String extensionFor(Set<String> flags, ClassLoader loader) {
        if (flags.contains("avx512f") && flags.contains("avx512bw") && hasBuild(loader, "-onednn-avx512")) {
            return "-onednn-avx512";
        }
        if (flags.contains("avx2") && flags.contains("fma") && hasBuild(loader, "-onednn-avx2")) {
            return "-onednn-avx2";
        }
        return "";
    }

    private static boolean hasBuild(ClassLoader loader, String extension) {
        return loader.getResource("org/nd4j/linalg/cpu/nativecpu/bindings/linux-x86_64" + extension + "/") != null;
    }

    static Set<String> cpuFlags() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                    .filter(l -> l.startsWith("flags"))
                    .findFirst()
                    .map(l -> Set.of(Pattern.compile("\\s+").split(l.substring(l.indexOf(':') + 1).trim())))
                    .orElse(Set.of());
        } catch (IOException | RuntimeException e) {
            return Set.of();
        }
    }

    /** A short description of the choice, for logs and {@code bench}. */
    public static String describe() {
        String ext = System.getProperty(PROPERTY, "");
        return "nd4j-native linux-x86_64" + ext + (ext.isEmpty() ? " (plain)" : "");
    }
}
