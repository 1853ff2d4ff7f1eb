package org.captchalab.dataset;

/** Which part of a dataset an image belongs to. Accuracy is only ever reported on VAL or TEST. */
public enum Split {
    TRAIN, VAL, TEST;

    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static Split parse(String s) {
        return valueOf(s.trim().toUpperCase(java.util.Locale.ROOT));
    }
}
