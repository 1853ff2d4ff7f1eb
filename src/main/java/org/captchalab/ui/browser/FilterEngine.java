package org.captchalab.ui.browser;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.captchalab.ui.shared.SampleRow;

/**
 * Pure filtering, searching, sorting and counting over a snapshot of rows. No JavaFX: it runs on a worker
 * thread and is unit-tested directly. 100,000 rows take a few tens of milliseconds.
 */
public final class FilterEngine {

    private FilterEngine() {
    }

    /** What one pass produces: the sample indices to show, in order, and a count per filter asked for. */
    public record Result(int[] visible, int[] counts) {
    }

    public static Result run(SampleRow[] rows, SampleFilter filter, SortOrder sort, String search, int classes,
                             List<SampleFilter> counted) {
        Pattern pattern = globPattern(search);
        List<SampleRow> kept = new ArrayList<>();
        int[] counts = new int[counted.size()];
        for (SampleRow r : rows) {
            boolean searchOk = pattern == null || (r.label() != null && pattern.matcher(r.label()).matches());
            if (!searchOk) {
                continue;
            }
            for (int f = 0; f < counts.length; f++) {
                if (counted.get(f).test(r)) {
                    counts[f]++;
                }
            }
            if (filter.test(r)) {
                kept.add(r);
            }
        }
        if (sort != SortOrder.DATASET) {
            kept.sort(sort.comparator(classes));
        }
        int[] visible = new int[kept.size()];
        for (int i = 0; i < visible.length; i++) {
            visible[i] = kept.get(i).index();
        }
        return new Result(visible, counts);
    }

    /**
     * The search box as a regular expression, case-insensitive; blank means no search (null). Text without
     * wildcards finds the labels that contain it ({@code ab} finds "xaby"); with {@code ?} (one character) or
     * {@code *} (any run) the pattern must match the whole label ({@code a?c*} finds labels that start with a,
     * any character, c). Everything else is literal.
     */
    public static Pattern globPattern(String search) {
        if (search == null || search.isBlank()) {
            return null;
        }
        String text = search.strip();
        boolean wildcards = text.indexOf('?') >= 0 || text.indexOf('*') >= 0;
        StringBuilder re = new StringBuilder(wildcards ? "" : ".*");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '?' -> re.append('.');
                case '*' -> re.append(".*");
                default -> re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        re.append(wildcards ? "" : ".*");
        return Pattern.compile(re.toString(), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE | Pattern.DOTALL);
    }
}
