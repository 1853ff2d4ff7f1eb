package org.captchalab.ui.browser;

import javafx.fxml.FXML;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TextField;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import org.captchalab.ui.shared.DatasetState;
import org.captchalab.ui.shared.Fxml;

/**
 * The dataset view: filter list with counts, search, sort, and the virtualised {@link SampleGrid}. Thin:
 * everything it shows comes from {@link BrowserViewModel}.
 */
public final class BrowserView extends BorderPane {

    /** Decoded thumbnails kept in memory at most (about 1,500 images of 129x53 shown at 1.5x). */
    private static final long CACHE_BYTES = 96L * 1024 * 1024;

    @FXML private TextField search;
    @FXML private ComboBox<SortOrder> sort;
    @FXML private Label shown;
    @FXML private ListView<BrowserViewModel.FilterChoice> filters;
    @FXML private StackPane gridHolder;
    @FXML private VBox emptyState;
    @FXML private Label emptyText;
    @FXML private Button showAllImages;

    private final BrowserViewModel vm;
    private final SampleGrid grid = new SampleGrid();
    private ThumbnailCache cache;
    private boolean syncingFilter;

    public BrowserView(BrowserViewModel vm) {
        this.vm = vm;
        Fxml.load(this);
        grid.setId("grid");
        // under the empty-state text, which shows only while no image is shown
        gridHolder.getChildren().add(0, grid);
        search.textProperty().bindBidirectional(vm.searchProperty());
        sort.getItems().setAll(SortOrder.values());
        sort.valueProperty().bindBidirectional(vm.sortProperty());
        filters.setItems(vm.choices());
        filters.getSelectionModel().selectedItemProperty().addListener((o, a, b) -> {
            if (b != null && !syncingFilter) {
                vm.filterProperty().set(b.filter());
            }
        });
        vm.choices().addListener((javafx.collections.ListChangeListener<BrowserViewModel.FilterChoice>) c -> syncFilterSelection());
        vm.filterProperty().addListener((o, a, b) -> {
            syncFilterSelection();
            grid.setTags(b.kind() == SampleFilter.Kind.CHOSEN ? b::tagOf : null);
        });
        filters.setCellFactory(list -> new FilterCell());
        vm.visibleProperty().addListener((o, a, b) -> {
            grid.setOrder(b);
            shown.setText(b.length + " shown");
            showEmptyState();
        });
        vm.selectedProperty().addListener((o, a, b) -> grid.setSelected(b.intValue()));
        vm.selectedRowProperty().addListener((o, a, b) -> grid.redraw());
        grid.setOnPick(vm::select);
    }

    /**
     * An entry of the filter list: long entries (a run comparison's, which names both runs) wrap to the list's
     * width instead of widening it, and show their whole text as a tooltip too.
     */
    private static final class FilterCell extends javafx.scene.control.ListCell<BrowserViewModel.FilterChoice> {
        FilterCell() {
            setWrapText(true);
            // no width of its own: the cell takes the list's width and wraps in it (no horizontal scroll bar)
            setPrefWidth(0);
        }

        @Override
        protected void updateItem(BrowserViewModel.FilterChoice item, boolean empty) {
            super.updateItem(item, empty);
            String text = empty || item == null ? null : item.toString();
            setText(text);
            boolean wordy = text != null && (text.indexOf('\n') >= 0 || text.length() > 30);
            if (!wordy) {
                setTooltip(null);
            } else if (getTooltip() == null || !text.equals(getTooltip().getText())) {
                setTooltip(new javafx.scene.control.Tooltip(text));
            }
        }
    }

    /** The empty-state text over the grid while it shows no image (a filter or search that matches nothing). */
    private void showEmptyState() {
        String text = vm.emptyText();
        emptyText.setText(text);
        emptyState.setVisible(!text.isEmpty());
        showAllImages.setVisible(vm.filterProperty().get().kind() != SampleFilter.Kind.ALL
                || (vm.searchProperty().get() != null && !vm.searchProperty().get().isBlank()));
    }

    @FXML
    private void showAll() {
        vm.showAll();
    }

    private void syncFilterSelection() {
        syncingFilter = true;
        try {
            SampleFilter current = vm.filterProperty().get();
            for (int i = 0; i < filters.getItems().size(); i++) {
                if (filters.getItems().get(i).filter().equals(current)) {
                    filters.getSelectionModel().select(i);
                    return;
                }
            }
        } finally {
            syncingFilter = false;
        }
    }

    /** Shows a new dataset; the thumbnail cache of the previous one is dropped. */
    public void setDataset(DatasetState state) {
        if (cache != null) {
            cache.close();
        }
        cache = null;
        if (state != null) {
            int[] input = state.workspace().inputSize();
            int[] size = SampleGrid.thumbnailSize(input[0], input[1]);
            cache = new ThumbnailCache(state.workspace(), CACHE_BYTES, size[0], size[1]);
            grid.setDataset(state, cache, size);
        }
        vm.setDataset(state);
    }

    /**
     * Where the tile of the {@code position}-th shown image is on screen, or null if it is not wholly visible;
     * the window test clicks there.
     */
    public javafx.geometry.Point2D tileOnScreen(int position) {
        return grid.tileCentreOnScreen(position);
    }

    /**
     * Where the thumbnail of the {@code position}-th shown image is, in scene coordinates, or null if it is not
     * wholly visible; the window test compares the pixels there with the image file.
     */
    public javafx.geometry.Rectangle2D thumbnailInScene(int position) {
        javafx.geometry.Rectangle2D r = grid.thumbnailInGrid(position);
        if (r == null) {
            return null;
        }
        javafx.geometry.Point2D p = grid.localToScene(r.getMinX(), r.getMinY());
        return new javafx.geometry.Rectangle2D(p.getX(), p.getY(), r.getWidth(), r.getHeight());
    }

    public void focusSearch() {
        search.requestFocus();
        search.selectAll();
    }
}
