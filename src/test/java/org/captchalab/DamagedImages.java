package org.captchalab;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Image files damaged on purpose, as a disk or a bad copy damages them. */
public final class DamagedImages {

    private DamagedImages() {
    }

    /**
     * Flips bytes inside a PNG's first IDAT chunk, leaving its header and chunk layout whole: a dataset scan (which
     * reads headers) passes it, and decoding it fails.
     */
    public static void damagePixelData(Path png) throws IOException {
        byte[] b = Files.readAllBytes(png);
        int idat = new String(b, StandardCharsets.ISO_8859_1).indexOf("IDAT");
        assertThat(idat).as(png.toString()).isPositive();
        for (int i = idat + 6; i < Math.min(idat + 30, b.length - 12); i++) {
            b[i] ^= (byte) 0x5a;
        }
        Files.write(png, b);
    }
}
