package org.captchalab.ui.browser;

import java.util.ArrayList;
import java.util.List;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.beans.value.ChangeListener;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.captchalab.dataset.Split;
import org.captchalab.ui.shared.Background;
import org.captchalab.ui.shared.DatasetState;
import org.captchalab.ui.shared.SampleRow;

/**
 * State of the dataset view: filter, sort, search, the resulting sample order, the filter list with counts,
 * and the selected sample.
 *
 * <p>Threading: used on the FX thread. Each change starts one background pass of {@link FilterEngine} over
 * a snapshot of the rows; a pass's result is applied only if no newer pass was started meanwhile.
 */
public final class BrowserViewModel {

    /** One entry of the filter list. */
    public record FilterChoice(SampleFilter filter, int count) {
        @Override
        public String toString() {
            return filter.title() + " (" + count + ")";
        }
    }

    private final Background background;
    private final ObjectProperty<SampleFilter> filter = new SimpleObjectProperty<>(this, "filter",
            SampleFilter.of(SampleFilter.Kind.ALL));
    private final ObjectProperty<SortOrder> sort = new SimpleObjectProperty<>(this, "sort", SortOrder.DATASET);
    private final StringProperty search = new SimpleStringProperty(this, "search", "");
    private final ReadOnlyObjectWrapper<int[]> visible = new ReadOnlyObjectWrapper<>(this, "visible", new int[0]);
    private final ObservableList<FilterChoice> choices = FXCollections.observableArrayList();
    /**
     * One wrapper, kept: an unmodifiable view forwards changes through a weak listener, so a fresh wrapper per
     * call was collected with the listener the view had added to it, and the filter list lost its selection
     * after every pass (as the Recent menu once did, see MainViewModel).
     */
    private final ObservableList<FilterChoice> choicesView = FXCollections.unmodifiableObservableList(choices);
    private final ReadOnlyIntegerWrapper selected = new ReadOnlyIntegerWrapper(this, "selected", -1);
    private final ReadOnlyObjectWrapper<SampleRow> selectedRow = new ReadOnlyObjectWrapper<>(this, "selectedRow");
    private final ChangeListener<Number> onDataChange = (o, a, b) -> refresh();
    private DatasetState dataset;
    private long generation;
    private int selectedPosition = -1;

    public BrowserViewModel(Background background) {
        this.background = background;
        filter.addListener((o, a, b) -> refresh());
        sort.addListener((o, a, b) -> refresh());
        search.addListener((o, a, b) -> refresh());
    }

    /** Shows another dataset (or none); selection starts at its first image. */
    public void setDataset(DatasetState state) {
        if (dataset != null) {
            dataset.versionProperty().removeListener(onDataChange);
        }
        dataset = state;
        selected.set(-1);
        selectedRow.set(null);
        selectedPosition = -1;
        filter.set(SampleFilter.of(SampleFilter.Kind.ALL));
        if (state != null) {
            state.versionProperty().addListener(onDataChange);
        }
        refresh();
    }

    public DatasetState dataset() {
        return dataset;
    }

    /** The filters offered in the list, in order; a confusion filter appears while it is in use. */
    List<SampleFilter> offeredFilters() {
        List<SampleFilter> list = new ArrayList<>();
        list.add(SampleFilter.of(SampleFilter.Kind.ALL));
        list.add(SampleFilter.of(SampleFilter.Kind.MISCLASSIFIED));
        int length = dataset == null ? 0 : Math.max(0, dataset.rules().length());
        for (int k = 0; k < length; k++) {
            list.add(SampleFilter.wrongAt(k));
        }
        list.add(SampleFilter.of(SampleFilter.Kind.LOW_CONFIDENCE));
        list.add(SampleFilter.of(SampleFilter.Kind.LIKELY_MISLABELLED));
        list.add(SampleFilter.of(SampleFilter.Kind.CORRECTED));
        list.add(SampleFilter.of(SampleFilter.Kind.UNLABELLED));
        list.add(SampleFilter.of(SampleFilter.Kind.CONFLICTS));
        for (Split s : Split.values()) {
            list.add(SampleFilter.split(s));
        }
        if (filter.get().kind() == SampleFilter.Kind.CONFUSION || filter.get().kind() == SampleFilter.Kind.CHOSEN) {
            list.add(filter.get());
        }
        return list;
    }

    /** Starts a filtering pass over a snapshot of the rows. */
    public void refresh() {
        long gen = ++generation;
        if (dataset == null) {
            choices.clear();
            visible.set(new int[0]);
            return;
        }
        SampleRow[] rows = dataset.snapshot();
        SampleFilter f = filter.get();
        SortOrder s = sort.get();
        String q = search.get();
        int classes = dataset.rules().alphabet().size();
        List<SampleFilter> offered = offeredFilters();
        background.run("filter", () -> FilterEngine.run(rows, f, s, q, classes, offered), result -> {
            if (gen == generation) {
                apply(result, offered);
            }
        }, e -> { });
    }

    private void apply(FilterEngine.Result result, List<SampleFilter> offered) {
        List<FilterChoice> list = new ArrayList<>(offered.size());
        for (int i = 0; i < offered.size(); i++) {
            list.add(new FilterChoice(offered.get(i), result.counts()[i]));
        }
        choices.setAll(list);
        visible.set(result.visible());
        int sel = selected.get();
        int pos = indexOf(result.visible(), sel);
        if (pos >= 0) {
            selectedPosition = pos;
            selectedRow.set(dataset.row(sel));
        } else if (sel < 0 && result.visible().length > 0) {
            select(result.visible()[0]);
        } else if (sel >= 0) {
            selectedRow.set(dataset.row(sel));
        }
    }

    private static int indexOf(int[] a, int v) {
        for (int i = 0; i < a.length; i++) {
            if (a[i] == v) {
                return i;
            }
        }
        return -1;
    }

    /** Selects a sample by its dataset index. */
    public void select(int sampleIndex) {
        if (dataset == null || sampleIndex < 0 || sampleIndex >= dataset.size()) {
            return;
        }
        int pos = indexOf(visible.get(), sampleIndex);
        if (pos >= 0) {
            selectedPosition = pos;
        }
        selected.set(sampleIndex);
        selectedRow.set(dataset.row(sampleIndex));
    }

    /** Moves to the next image of the current filter (or stays at the last one). */
    public void next() {
        move(+1);
    }

    public void previous() {
        move(-1);
    }

    private void move(int step) {
        int[] v = visible.get();
        if (v.length == 0) {
            return;
        }
        int pos = indexOf(v, selected.get());
        int target = pos >= 0 ? pos + step : Math.max(0, selectedPosition + (step > 0 ? 0 : -1));
        select(v[Math.max(0, Math.min(v.length - 1, target))]);
    }

    /** The position of the selection in the visible order, or -1. */
    public int selectedPosition() {
        return indexOf(visible.get(), selected.get());
    }

    public ObjectProperty<SampleFilter> filterProperty() {
        return filter;
    }

    public ObjectProperty<SortOrder> sortProperty() {
        return sort;
    }

    public StringProperty searchProperty() {
        return search;
    }

    public ReadOnlyObjectProperty<int[]> visibleProperty() {
        return visible.getReadOnlyProperty();
    }

    public ObservableList<FilterChoice> choices() {
        return choicesView;
    }

    public ReadOnlyIntegerProperty selectedProperty() {
        return selected.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<SampleRow> selectedRowProperty() {
        return selectedRow.getReadOnlyProperty();
    }
}
