package org.captchalab.dataset;

/** The shares of train, validation and test images; they must add up to 1. Default 80/10/10. */
public record SplitRatios(double train, double val, double test) {

    public static final SplitRatios DEFAULT = new SplitRatios(0.8, 0.1, 0.1);

    public SplitRatios {
        if (train < 0 || val < 0 || test < 0 || Math.abs(train + val + test - 1.0) > 1e-6) {
            throw new IllegalArgumentException("split ratios must be non-negative and add up to 1: "
                    + train + "/" + val + "/" + test);
        }
    }
}
