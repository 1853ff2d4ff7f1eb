package org.captchalab.model;

import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.List;
import org.captchalab.dataset.Alphabet;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Turns cached images (bytes, height x width x RGB, already resized to the model's input size) into the
 * network's NHWC float input in [0,1], and labels into one one-hot array per position.
 *
 * <p>The byte layout is exactly NHWC, so encoding is one pass with no transposition.
 */
public final class ImageTensors {

    private static final float INV_255 = 1f / 255f;

    private ImageTensors() {
    }

    /**
     * [B,H,W,3] floats from HWC RGB byte images of {@code spec}'s size.
     *
     * <p>Why the floats are written straight into the array's native memory, one image at a time: building the
     * whole minibatch as a Java {@code float[]} first (5 MB for 64 images at 129x53, 10 MB for a prediction batch of
     * 128) made every minibatch a humongous allocation on the Java heap plus a JNI copy that holds the GC locker;
     * while the window trains, the collections that followed stalled its FX thread for 30-50 ms at a time.
     */
    public static INDArray images(List<byte[]> hwcRgb, NetworkSpec spec) {
        int per = spec.pixelsPerImage();
        INDArray out = Nd4j.createUninitialized(DataType.FLOAT, hwcRgb.size(), spec.height(), spec.width(), NetworkSpec.CHANNELS);
        FloatBuffer target = out.data().asNio().order(ByteOrder.nativeOrder()).asFloatBuffer();
        float[] row = new float[per];
        for (byte[] img : hwcRgb) {
            if (img.length != per) {
                throw new IllegalArgumentException("image has " + img.length + " bytes, the network expects "
                        + per + " (" + spec.width() + "x" + spec.height() + " RGB)");
            }
            for (int i = 0; i < per; i++) {
                row[i] = (img[i] & 0xff) * INV_255;
            }
            target.put(row);
        }
        return out;
    }

    /** One [B,K] one-hot array per position. Labels must already follow the case rule and alphabet. */
    public static INDArray[] labels(List<String> labels, Alphabet alphabet, int length) {
        int k = alphabet.size();
        INDArray[] out = new INDArray[length];
        for (int p = 0; p < length; p++) {
            float[] data = new float[labels.size() * k];
            for (int i = 0; i < labels.size(); i++) {
                String label = labels.get(i);
                if (label.length() != length) {
                    throw new IllegalArgumentException("label '" + label + "' does not have " + length + " characters");
                }
                int c = alphabet.indexOf(label.charAt(p));
                if (c < 0) {
                    throw new IllegalArgumentException("label '" + label + "' has a character outside the alphabet");
                }
                data[i * k + c] = 1f;
            }
            out[p] = Nd4j.create(data, new long[] {labels.size(), k}, DataType.FLOAT);
        }
        return out;
    }
}
