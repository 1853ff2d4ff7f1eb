package org.captchalab.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.captchalab.dataset.ConflictGroup;
import org.captchalab.dataset.Dataset;
import org.captchalab.dataset.ImageSize;
import org.captchalab.dataset.Problem;

/**
 * What {@code info} says about a dataset, as text (one fact per line) or JSON. Kept apart from the command so
 * the figures and their JSON keys are defined once.
 */
final class DatasetReport {

    private final Dataset dataset;
    private final int edited;
    private final String storeNotice;

    DatasetReport(Dataset dataset, int edited, String storeNotice) {
        this.dataset = dataset;
        this.edited = edited;
        this.storeNotice = storeNotice;
    }

    void printText(PrintWriter out) {
        out.println("dataset: " + dataset.root());
        out.println("images: " + dataset.samples().size());
        StringBuilder sizes = new StringBuilder();
        for (Map.Entry<ImageSize, Integer> e : dataset.sizes().entrySet()) {
            sizes.append(sizes.length() > 0 ? ", " : "").append(e.getKey()).append(" (").append(e.getValue()).append(')');
        }
        out.println("sizes: " + (sizes.length() == 0 ? "none" : sizes));
        out.println("input size: " + (dataset.inputSize() == null ? "none" : dataset.inputSize()));
        out.println("label source: " + dataset.labelSource().description()
                + (dataset.labelsFile() == null ? "" : " (" + dataset.labelsFile() + ")"));
        out.println("case rule: " + caseRule());
        out.println("label length: " + dataset.labelLength());
        out.println("alphabet: " + (dataset.alphabet() == null ? "none"
                : dataset.alphabet().chars() + " (" + dataset.alphabet().size() + " characters)"));
        out.println("labelled: " + dataset.labelledCount() + ", trainable: " + dataset.trainable().size()
                + (edited > 0 ? ", edited in the work store: " + edited : ""));
        out.println("conflicts: " + dataset.conflicts().size() + " group(s) of identical images with different labels"
                + (dataset.conflicts().isEmpty() ? "" : " (not trained on until resolved)"));
        for (ConflictGroup g : dataset.conflicts()) {
            out.println("  conflict: " + g.describe());
        }
        out.println("problems: " + dataset.problems().size() + (dataset.problems().isEmpty() ? "" : " (listed on stderr)"));
        if (storeNotice != null) {
            out.println("note: " + storeNotice);
        }
    }

    void printProblems(PrintWriter err) {
        for (Problem p : dataset.problems()) {
            err.println(p);
        }
    }

    void printJson(PrintWriter out) throws Exception {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("dataset", dataset.root().toString());
        json.put("images", dataset.samples().size());
        List<Map<String, Object>> sizes = new ArrayList<>();
        dataset.sizes().forEach((size, count) -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("size", size.toString());
            m.put("width", size.width());
            m.put("height", size.height());
            m.put("count", count);
            sizes.add(m);
        });
        json.put("sizes", sizes);
        json.put("input_size", dataset.inputSize() == null ? null : dataset.inputSize().toString());
        json.put("label_source", dataset.labelSource().name().toLowerCase(java.util.Locale.ROOT));
        json.put("labels_file", dataset.labelsFile() == null ? null : dataset.labelsFile().toString());
        json.put("case_rule", caseRule());
        json.put("label_length", dataset.labelLength());
        json.put("alphabet", dataset.alphabet() == null ? "" : dataset.alphabet().chars());
        json.put("labelled", dataset.labelledCount());
        json.put("trainable", dataset.trainable().size());
        json.put("edited", edited);
        json.put("conflicts", dataset.conflicts().stream().map(ConflictGroup::files).toList());
        json.put("conflict_labels", dataset.conflicts().stream()
                .map(g -> g.samples().stream().map(s -> s.label()).toList()).toList());
        json.put("problems", dataset.problems().stream().map(p -> {
            Map<String, String> m = new LinkedHashMap<>();
            m.put("file", p.file());
            m.put("reason", p.reason());
            return m;
        }).toList());
        json.put("fingerprint", dataset.fingerprint());
        if (storeNotice != null) {
            json.put("notice", storeNotice);
        }
        out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(json));
    }

    private String caseRule() {
        return dataset.caseRule().word();
    }
}
