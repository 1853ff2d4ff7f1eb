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

    /** One entry of the filter list: the count follows the filter's name, before any further lines of its title. */
    public record FilterChoice(SampleFilter filter, int count) {
        @Override
        public String toString() {
            String title = filter.title();
            String name = filter.name();
            return name + " (" + count + ")" + title.substring(name.length());
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
    /**
     * The filter or the search changed since the last pass applied: if the selected image is not among the
     * images shown now, the selection moves to the first of them.
     */
    private boolean newSelection;

    public BrowserViewModel(Background background) {
        this.background = background;
        filter.addListener((o, a, b) -> {
            newSelection = true;
            refresh();
        });
        sort.addListener((o, a, b) -> refresh());
        search.addListener((o, a, b) -> {
            newSelection = true;
            refresh();
        });
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
        boolean reselect = newSelection;
        background.run("filter", () -> FilterEngine.run(rows, f, s, q, classes, offered), result -> {
            if (gen == generation) {
                if (reselect) {
                    newSelection = false;
                }
                apply(result, offered, reselect);
            }
        }, e -> { });
    }

    /**
     * Shows a pass's result. The selection stays on its image while that image is shown. When it is not: after
     * a change of filter or search the first image shown is selected, and after a change of the rows (a label
     * saved, an undo) the selection stays where it was (saving has moved on to the next image already, and an
     * undo shows the image it changed); when no image is shown, nothing is selected, so the label panel is empty
     * and Enter saves nothing.
     */
    private void apply(FilterEngine.Result result, List<SampleFilter> offered, boolean reselect) {
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
        } else if (result.visible().length == 0) {
            selected.set(-1);
            selectedRow.set(null);
            selectedPosition = -1;
        } else if (sel < 0 || reselect) {
            select(result.visible()[0]);
        } else {
            selectedRow.set(dataset.row(sel));
        }
    }

    /**
     * What the grid says when it shows no image: which filter and search left nothing, and how to see images
     * again; empty while images are shown or no dataset is open.
     */
    public String emptyText() {
        if (dataset == null || visible.get().length > 0) {
            return "";
        }
        String q = search.get() == null ? "" : search.get().strip();
        boolean all = filter.get().kind() == SampleFilter.Kind.ALL;
        if (!q.isEmpty()) {
            return all
                    ? "No image matches the search \"" + q + "\". Clear the search box to see every image."
                    : "No image in \"" + filter.get().name() + "\" matches the search \"" + q
                            + "\". Clear the search box, or choose All in the list.";
        }
        return all ? "This dataset has no images."
                : "No image in \"" + filter.get().name() + "\". Choose All in the list to see every image.";
    }

    /** Shows every image: no search, the filter All. */
    public void showAll() {
        search.set("");
        filter.set(SampleFilter.of(SampleFilter.Kind.ALL));
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
