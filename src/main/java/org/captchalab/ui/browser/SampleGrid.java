package org.captchalab.ui.browser;

import java.util.function.IntConsumer;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.skin.VirtualFlow;
import javafx.scene.layout.HBox;
import org.captchalab.ui.shared.DatasetState;

/**
 * The virtualised grid: a {@link ListView} whose items are row numbers, each cell laying out one row of
 * {@link SampleTile}s. Only the rows on screen exist as nodes, so 100,000 images cost no more than 100.
 * The column count follows the width; thumbnails come from the {@link ThumbnailCache}.
 */
final class SampleGrid extends ListView<Integer> {

    private static final double GAP = 8;
    private final ObservableList<Integer> rowNumbers = FXCollections.observableArrayList();
    private DatasetState dataset;
    private ThumbnailCache cache;
    private int[] order = new int[0];
    private int selected = -1;
    private int columns = 1;
    private double tileWidth = 200;
    private double imageWidth = 129;
    private double imageHeight = 53;
    private IntConsumer onPick = i -> { };
    /** The row cells alive now (a ListView makes only as many as fit on screen, plus a few). */
    private final java.util.List<RowCell> cells = new java.util.ArrayList<>();

    SampleGrid() {
        setItems(rowNumbers);
        getStyleClass().add("sample-grid");
        setCellFactory(lv -> new RowCell());
        widthProperty().addListener((o, a, b) -> relayout());
        // The grid has its own notion of selection (a sample, not a row); keep ListView's out of sight.
        setFocusTraversable(false);
    }

    void setOnPick(IntConsumer onPick) {
        this.onPick = onPick;
    }

    /**
     * The size thumbnails are shown at for images of this input size: scaled up to about 190 px wide in steps
     * of a half (nearest neighbour, so pixels stay sharp): 129x53 QQ captchas at 1.5x, 72x24 ones at 2.5x.
     */
    static int[] thumbnailSize(int inputWidth, int inputHeight) {
        double scale = Math.max(1, Math.round(2 * 190.0 / Math.max(1, inputWidth)) / 2.0);
        return new int[] {(int) Math.round(inputWidth * scale), (int) Math.round(inputHeight * scale)};
    }

    /** Shows a dataset whose thumbnails the cache delivers at {@code thumbnailSize}. */
    void setDataset(DatasetState dataset, ThumbnailCache cache, int[] thumbnailSize) {
        this.dataset = dataset;
        this.cache = cache;
        imageWidth = thumbnailSize[0];
        imageHeight = thumbnailSize[1];
        tileWidth = imageWidth + 12;
        setFixedCellSize(imageHeight + 52);
        cells.clear();
        setCellFactory(lv -> new RowCell());
        relayout();
    }

    void setOrder(int[] order) {
        this.order = order;
        relayout();
    }

    void setSelected(int sampleIndex) {
        this.selected = sampleIndex;
        repaint();
        int pos = -1;
        for (int i = 0; i < order.length; i++) {
            if (order[i] == sampleIndex) {
                pos = i;
                break;
            }
        }
        if (pos >= 0) {
            VirtualFlow<?> flow = (VirtualFlow<?>) lookup(".virtual-flow");
            if (flow != null) {
                flow.scrollTo(pos / columns);
            } else {
                scrollTo(pos / columns);
            }
        }
    }

    /** Redraws visible cells after rows changed (labels, predictions). */
    void redraw() {
        repaint();
    }

    /**
     * Fills the live cells again in place. Cheaper than {@link ListView#refresh()}, which throws all cells
     * away and builds new ones (nodes, CSS) on every call: that alone cost tens of milliseconds per update.
     */
    private void repaint() {
        for (RowCell c : cells) {
            if (!c.isEmpty() && c.getItem() != null) {
                c.fill(c.getItem());
            }
        }
    }

    private void relayout() {
        double width = Math.max(tileWidth, getWidth() - 24);
        int newColumns = Math.max(1, (int) ((width + GAP) / (tileWidth + GAP)));
        int rows = (order.length + newColumns - 1) / newColumns;
        if (newColumns != columns) {
            columns = newColumns;
            cells.clear();
            setCellFactory(lv -> new RowCell());
        }
        if (rowNumbers.size() != rows) {
            Integer[] numbers = new Integer[rows];
            for (int i = 0; i < rows; i++) {
                numbers[i] = i;
            }
            rowNumbers.setAll(numbers);
        }
        repaint();
    }

    private final class RowCell extends ListCell<Integer> {
        private final HBox box = new HBox(GAP);
        private final SampleTile[] tiles = new SampleTile[columns];

        RowCell() {
            getStyleClass().add("grid-row");
            for (int c = 0; c < tiles.length; c++) {
                SampleTile tile = new SampleTile(imageWidth, imageHeight);
                tile.setPrefWidth(tileWidth);
                tile.setOnMouseClicked(e -> {
                    if (tile.shownIndex() >= 0) {
                        onPick.accept(tile.shownIndex());
                    }
                });
                tiles[c] = tile;
            }
            box.getChildren().addAll(tiles);
            setText(null);
            // A fixed width spares VirtualFlow measuring every cell's content (text layout) on each scroll.
            double width = tiles.length * (tileWidth + GAP);
            setPrefWidth(width);
            setMinWidth(width);
            setMaxWidth(width);
            box.setPrefWidth(width);
            cells.add(this);
        }

        @Override
        protected void updateItem(Integer row, boolean empty) {
            super.updateItem(row, empty);
            if (empty || row == null || dataset == null) {
                setGraphic(null);
                return;
            }
            fill(row);
            setGraphic(box);
        }

        void fill(int row) {
            for (int c = 0; c < tiles.length; c++) {
                int pos = row * columns + c;
                if (pos < order.length && order[pos] < dataset.size()) {
                    int index = order[pos];
                    tiles[c].show(dataset.row(index), index == selected, cache);
                } else {
                    tiles[c].show(null, false, cache);
                }
            }
        }
    }
}
