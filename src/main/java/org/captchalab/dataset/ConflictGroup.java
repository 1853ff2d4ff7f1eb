package org.captchalab.dataset;

import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * Byte-identical images (same SHA-256) that carry different labels. At most one of the labels can be right,
 * so every image of the group is kept out of training until the labels agree.
 */
public record ConflictGroup(String hash, List<CaptchaSample> samples) {

    public ConflictGroup {
        samples = List.copyOf(samples);
    }

    /**
     * The rule that makes a conflict, shared by the loader and the window (which re-applies it to an image's
     * identical copies whenever one of their labels changes): the labels of byte-identical images disagree when
     * more than one distinct label is set among them. Unlabelled copies (null) take no part.
     */
    public static boolean disagree(Collection<String> labelsOfIdenticalImages) {
        return labelsOfIdenticalImages.stream().filter(Objects::nonNull).distinct().count() > 1;
    }

    /** The relative paths of the group's images. */
    public List<String> files() {
        return samples.stream().map(CaptchaSample::path).toList();
    }

    /** One line: {@code a.jpg (abcd) = b.jpg (abce)}. */
    public String describe() {
        StringBuilder sb = new StringBuilder();
        for (CaptchaSample s : samples) {
            if (sb.length() > 0) {
                sb.append(" = ");
            }
            sb.append(s.path()).append(" (").append(s.label()).append(')');
        }
        return sb.toString();
    }
}
