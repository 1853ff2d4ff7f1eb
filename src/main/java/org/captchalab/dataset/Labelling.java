package org.captchalab.dataset;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Attaches labels to scanned images: applies the case rule, settles the label length (fixed, or the most
 * common) and the alphabet (fixed, or the characters used), and turns every label that breaks them into a
 * problem, leaving that image unlabelled rather than dropping it, so the user can fix it.
 */
record Labelling(List<CaptchaSample> samples, Alphabet alphabet, int length) {

    static Labelling of(List<DatasetLoader.Scanned> scanned, Map<String, String> raw, DatasetOptions options,
                        List<Problem> problems) {
        Map<String, String> labels = new HashMap<>();
        for (DatasetLoader.Scanned s : scanned) {
            String label = options.caseRule().apply(raw.get(s.path()));
            if (label != null) {
                label = label.strip();
                if (label.isEmpty()) {
                    problems.add(new Problem(s.path(), "empty label"));
                } else {
                    labels.put(s.path(), label);
                }
            }
        }
        int length = options.labelLength() != null ? options.labelLength() : mostCommonLength(labels.values());
        Alphabet fixed = options.alphabet();
        if (fixed != null) {
            fixed = new Alphabet(options.caseRule().apply(fixed.chars()).chars().distinct()
                    .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString());
        }
        List<CaptchaSample> samples = new ArrayList<>(scanned.size());
        List<String> accepted = new ArrayList<>();
        for (DatasetLoader.Scanned s : scanned) {
            String label = labels.get(s.path());
            if (label != null && label.length() != length) {
                problems.add(new Problem(s.path(), "label '" + label + "' has " + label.length()
                        + " characters, expected " + length + "; left unlabelled", Problem.Kind.LABEL_MISFIT));
                label = null;
            }
            if (label != null && fixed != null && !fixed.accepts(label)) {
                StringBuilder bad = new StringBuilder();
                Alphabet a = fixed;
                label.chars().filter(c -> !a.contains((char) c)).distinct().forEach(c -> bad.append((char) c));
                problems.add(new Problem(s.path(), "label '" + label + "' has characters outside the alphabet ("
                        + bad + "); left unlabelled", Problem.Kind.LABEL_MISFIT));
                label = null;
            }
            if (label != null) {
                accepted.add(label);
            }
            samples.add(new CaptchaSample(s.path(), label, s.header().width(), s.header().height(), s.hash()));
        }
        Alphabet alphabet = fixed != null ? fixed : accepted.isEmpty() ? null : Alphabet.infer(accepted);
        return new Labelling(samples, alphabet, accepted.isEmpty() && options.labelLength() == null ? 0 : length);
    }

    /** The most common length; ties go to the shorter one so the result never depends on map order. */
    static int mostCommonLength(Iterable<String> labels) {
        Map<Integer, Integer> counts = new HashMap<>();
        for (String l : labels) {
            counts.merge(l.length(), 1, Integer::sum);
        }
        int best = 0;
        int bestCount = 0;
        for (Map.Entry<Integer, Integer> e : counts.entrySet()) {
            if (e.getValue() > bestCount || (e.getValue() == bestCount && e.getKey() < best)) {
                best = e.getKey();
                bestCount = e.getValue();
            }
        }
        return best;
    }
}
