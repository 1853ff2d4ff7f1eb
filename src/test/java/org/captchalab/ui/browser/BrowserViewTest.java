package org.captchalab.ui.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.Callable;
import java.util.function.Consumer;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.control.ListView;
import javafx.stage.Stage;
import org.captchalab.ui.WorkbenchApp;
import org.captchalab.ui.fakes.FakeWorkspace;
import org.captchalab.ui.shared.Background;
import org.captchalab.ui.shared.DatasetState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The dataset view on its own, in a window, headless under Monocle; results come back later, as in the product. */
@ExtendWith(ApplicationExtension.class)
class BrowserViewTest {

    /** Runs the work at once and hands its result to the FX thread later, as {@code FxBackground} does. */
    static final Background LATER = new Background() {
        @Override
        public <T> void run(String name, Callable<T> work, Consumer<T> onDone, Consumer<Exception> onError) {
            DIRECT.run(name, work, result -> Platform.runLater(() -> onDone.accept(result)),
                    e -> Platform.runLater(() -> onError.accept(e)));
        }

        @Override
        public void onFx(Runnable action) {
            Platform.runLater(action);
        }
    };

    private final FakeWorkspace ws = new FakeWorkspace(30);
    private final DatasetState state = new DatasetState(ws, ws.rows(), LATER);
    private BrowserViewModel vm;
    private BrowserView view;

    @Start
    void start(Stage stage) {
        vm = new BrowserViewModel(LATER);
        view = new BrowserView(vm);
        Scene scene = new Scene(view, 1000, 700);
        scene.getStylesheets().add(WorkbenchApp.class.getResource("workbench.css").toExternalForm());
        stage.setScene(scene);
        stage.show();
        view.setDataset(state);
    }

    @SuppressWarnings("unchecked")
    private ListView<BrowserViewModel.FilterChoice> filters(FxRobot robot) {
        return robot.lookup("#filters").queryAs(ListView.class);
    }

    private static void collectGarbage() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        WaitForAsyncUtils.waitForFxEvents();
    }

    private SampleFilter highlighted(FxRobot robot) {
        BrowserViewModel.FilterChoice c = filters(robot).getSelectionModel().getSelectedItem();
        return c == null ? null : c.filter();
    }

    @Test
    void theActiveFilterStaysHighlightedAfterAFilterChangeASearchAndALabelSave(FxRobot robot) {
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(vm.visibleProperty().get()).hasSize(30);
        SampleFilter misclassified = SampleFilter.of(SampleFilter.Kind.MISCLASSIFIED);
        collectGarbage();

        robot.interact(() -> vm.filterProperty().set(misclassified));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(filters(robot).getItems()).anySatisfy(c -> assertThat(c.filter()).isEqualTo(misclassified));
        assertThat(highlighted(robot)).as("after a filter change").isEqualTo(misclassified);

        collectGarbage();
        robot.interact(() -> vm.searchProperty().set("*"));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(highlighted(robot)).as("after a search").isEqualTo(misclassified);

        collectGarbage();
        int first = vm.visibleProperty().get()[0];
        robot.interact(() -> state.saveLabel(first, "qwer", e -> { }));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(ws.storedLabel(first)).isEqualTo("qwer");
        assertThat(highlighted(robot)).as("after a label save").isEqualTo(misclassified);
    }

    @Test
    void aSearchThatMatchesNothingSaysSoEmptiesTheLabelPanelAndOneClickShowsAllAgain(FxRobot robot) throws Exception {
        org.captchalab.ui.labeling.LabelingViewModel labeling = WaitForAsyncUtils.asyncFx(
                () -> new org.captchalab.ui.labeling.LabelingViewModel(vm, m -> { })).get();
        WaitForAsyncUtils.waitForFxEvents();
        javafx.scene.Node empty = robot.lookup("#emptyState").query();
        assertThat(empty.isVisible()).isFalse();
        robot.interact(() -> vm.select(2));
        assertThat(labeling.textProperty().get()).isEqualTo(ws.rows().get(2).label());

        robot.clickOn("#search").write("zz");
        WaitForAsyncUtils.waitForFxEvents();

        assertThat(vm.visibleProperty().get()).isEmpty();
        assertThat(robot.lookup("#shown").queryAs(javafx.scene.control.Label.class).getText()).isEqualTo("0 shown");
        assertThat(empty.isVisible()).isTrue();
        assertThat(robot.lookup("#emptyText").queryAs(javafx.scene.control.Label.class).getText())
                .isEqualTo("No image matches the search \"zz\". Clear the search box to see every image.");
        assertThat(vm.selectedRowProperty().get()).isNull();
        assertThat(labeling.textProperty().get()).as("the label panel shows no image").isEmpty();
        robot.interact(() -> labeling.textProperty().set("abcd"));
        assertThat(WaitForAsyncUtils.asyncFx(labeling::save).get()).as("Enter saves nothing").isFalse();
        assertThat(ws.saved).isEmpty();

        robot.clickOn("#showAllImages");
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(vm.visibleProperty().get()).hasSize(30);
        assertThat(robot.lookup("#search").queryAs(javafx.scene.control.TextField.class).getText()).isEmpty();
        assertThat(empty.isVisible()).isFalse();
        assertThat(vm.selectedProperty().get()).isZero();
    }

    @Test
    void aComparisonsEntryWrapsInTheListAndEachTileSaysWhichRunReadItRight(FxRobot robot) throws Exception {
        WaitForAsyncUtils.waitForFxEvents();
        java.util.Map<Integer, SampleFilter.Tag> tagged = java.util.Map.of(0, SampleFilter.Tag.of("only A right"),
                1, SampleFilter.Tag.of("only B right"), 2, SampleFilter.Tag.of("only A right"));
        SampleFilter compared = SampleFilter.chosen("Right in one run only\nA seed-20261207-050938: 2"
                + "\nB qq-attention-129-s101-tuned2: 1", tagged);
        robot.interact(() -> vm.filterProperty().set(compared));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(vm.visibleProperty().get()).containsExactly(0, 1, 2);

        ListView<BrowserViewModel.FilterChoice> list = filters(robot);
        javafx.scene.control.ListCell<?> cell = robot.lookup("#filters .list-cell").match(n -> {
            Object item = ((javafx.scene.control.ListCell<?>) n).getItem();
            return item instanceof BrowserViewModel.FilterChoice c && c.filter().equals(compared);
        }).query();
        assertThat(cell.getText()).isEqualTo("Right in one run only (3)\nA seed-20261207-050938: 2"
                + "\nB qq-attention-129-s101-tuned2: 1");
        assertThat(cell.getTooltip()).isNotNull();
        assertThat(cell.getTooltip().getText()).isEqualTo(cell.getText());
        // no wider than the list: no horizontal scroll bar, nothing cut off
        assertThat(cell.getWidth()).isLessThanOrEqualTo(list.getWidth());
        assertThat(robot.lookup("#filters .scroll-bar").queryAll().stream()
                .filter(n -> ((javafx.scene.control.ScrollBar) n).getOrientation() == javafx.geometry.Orientation.HORIZONTAL)
                .noneMatch(javafx.scene.Node::isVisible)).isTrue();
        assertThat(cell.getHeight()).as("three lines or more").isGreaterThan(3 * 14);

        SampleGrid grid = robot.lookup("#grid").queryAs(SampleGrid.class);
        assertThat(grid.tagAt(0).text()).isEqualTo("only A right");
        assertThat(grid.tagAt(1).text()).isEqualTo("only B right");
        // drawn: the tile's label line has the tag's colour at its right
        assertThat(tagPixels(robot, grid)).isPositive();

        assertThat(readingMarkPixels(robot, grid)).as("no other run's reading: no mark").isZero();

        // with the other run's reading: the reading line starts with whose it is ("B read"), in the tag's colour
        java.util.Map<Integer, SampleFilter.Tag> withReadings = java.util.Map.of(
                0, new SampleFilter.Tag("only A right", "B", FakeWorkspace.prediction("zzzz", 0.6)),
                1, new SampleFilter.Tag("only B right", "A", FakeWorkspace.prediction("zzzz", 0.6)));
        robot.interact(() -> vm.filterProperty().set(SampleFilter.chosen("Right in one run only\nA a: 1\nB b: 1",
                withReadings)));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(grid.tagAt(0).reading().text()).isEqualTo("zzzz");
        assertThat(readingMarkPixels(robot, grid)).isPositive();

        robot.interact(() -> vm.filterProperty().set(SampleFilter.of(SampleFilter.Kind.ALL)));
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(grid.tagAt(0)).isNull();
        assertThat(tagPixels(robot, grid)).isZero();
        assertThat(readingMarkPixels(robot, grid)).isZero();
    }

    /** Pixels of the tag's colour (purple) in the left third of the first tile's reading line. */
    private static int readingMarkPixels(FxRobot robot, SampleGrid grid) throws Exception {
        return WaitForAsyncUtils.asyncFx(() -> {
            javafx.geometry.Rectangle2D thumb = grid.thumbnailInGrid(0);
            javafx.scene.image.PixelReader px = grid.snapshot(null, null).getPixelReader();
            int count = 0;
            int y0 = (int) (thumb.getMaxY() + 20);
            for (int y = y0; y < y0 + 18; y++) {
                for (int x = (int) thumb.getMinX(); x < (int) (thumb.getMinX() + thumb.getWidth() / 3); x++) {
                    javafx.scene.paint.Color c = px.getColor(x, y);
                    if (c.getRed() > c.getGreen() + 0.15 && c.getBlue() > c.getGreen() + 0.15) {
                        count++;
                    }
                }
            }
            return count;
        }).get();
    }

    /** Pixels of the tag's colour (purple) in the right half of the first tile's label line. */
    private static int tagPixels(FxRobot robot, SampleGrid grid) throws Exception {
        return WaitForAsyncUtils.asyncFx(() -> {
            javafx.geometry.Rectangle2D thumb = grid.thumbnailInGrid(0);
            javafx.scene.image.WritableImage shot = grid.snapshot(null, null);
            javafx.scene.image.PixelReader px = shot.getPixelReader();
            int count = 0;
            int y0 = (int) (thumb.getMaxY() + 2);
            for (int y = y0; y < y0 + 18; y++) {
                for (int x = (int) (thumb.getMinX() + thumb.getWidth() / 2); x < (int) thumb.getMaxX() + 5; x++) {
                    javafx.scene.paint.Color c = px.getColor(x, y);
                    if (c.getRed() > c.getGreen() + 0.15 && c.getBlue() > c.getGreen() + 0.15) {
                        count++;
                    }
                }
            }
            return count;
        }).get();
    }
}
