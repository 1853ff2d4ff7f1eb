package org.captchalab.model;

/**
 * Where each position of an {@link Preset#ATTENTION} network read one image: for every position, the softmax
 * weight of every cell of the final feature map (rows x columns, row-major; each position's weights sum to 1).
 * A cell covers about {@code inputWidth / columns} pixels of width and {@code inputHeight / rows} of height.
 */
public record AttentionMap(int rows, int columns, float[][] weights) {

    public int positions() {
        return weights.length;
    }

    /** Position {@code p}'s weights summed over the rows: how much of its read came from each column, left to right. */
    public float[] columnWeights(int p) {
        float[] out = new float[columns];
        for (int y = 0; y < rows; y++) {
            for (int x = 0; x < columns; x++) {
                out[x] += weights[p][y * columns + x];
            }
        }
        return out;
    }
}
