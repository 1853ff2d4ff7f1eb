package org.captchalab.ui;

import java.io.File;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.Function;
import javafx.animation.Animation;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.beans.binding.Bindings;
import javafx.fxml.FXML;
import javafx.scene.control.Alert;
import javafx.scene.control.Label;
import javafx.scene.control.CheckMenuItem;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuItem;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.MouseEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.StackPane;
import javafx.stage.DirectoryChooser;
import javafx.stage.Window;
import javafx.util.Duration;
import org.captchalab.ui.analysis.AnalysisView;
import org.captchalab.ui.analysis.AnalysisViewModel;
import org.captchalab.ui.backend.TrainingSession;
import org.captchalab.ui.browser.BrowserView;
import org.captchalab.ui.browser.BrowserViewModel;
import org.captchalab.ui.browser.SampleFilter;
import org.captchalab.ui.labeling.LabelingView;
import org.captchalab.ui.labeling.LabelingViewModel;
import org.captchalab.ui.shared.Background;
import org.captchalab.ui.shared.Fxml;
import org.captchalab.ui.training.TrainingView;
import org.captchalab.ui.training.TrainingViewModel;

/**
 * The main window: menus (every command with its shortcut), the dataset grid on the left, the labelling,
 * training and error-analysis panels on the right, and a status bar with the pulse monitor's worst gap of the last
 * minute ("slowest redraw").
 * It creates the feature views and their ViewModels and connects them; it holds no state of its own.
 */
public final class MainView extends BorderPane {

    @FXML private Menu recentMenu;
    @FXML private CheckMenuItem shiftedViewsItem;
    @FXML private SplitPane split;
    @FXML private StackPane browserHolder;
    @FXML private TabPane tabs;
    @FXML private Tab labelTab;
    @FXML private Tab trainingTab;
    @FXML private Tab analysisTab;
    @FXML private Label status;
    @FXML private ProgressBar predictionProgress;
    @FXML private Label model;
    @FXML private Label pulse;

    private final MainViewModel vm;
    private final BrowserViewModel browserVm;
    private final LabelingViewModel labelingVm;
    private final TrainingViewModel trainingVm;
    private final AnalysisViewModel analysisVm;
    private final BrowserView browserView;
    private final LabelingView labelingView;
    private final PulseMonitor pulseMonitor = new PulseMonitor();
    private Function<Window, File> folderChooser = MainView::chooseFolder;
    private java.util.function.BiFunction<Window, Path, File> exportChooser = MainView::chooseExportFile;
    /**
     * The panels' share of the window's width: kept when the window is resized (the split pane alone would keep
     * the panels at their preferred width and squeeze the grid), changed only by dragging the divider.
     */
    private double panelShare;

    public MainView(MainViewModel vm, Background background, Consumer<String> browse) {
        this.vm = vm;
        Fxml.load(this);
        vm.setOnMessage(this::showMessage);
        browserVm = new BrowserViewModel(background);
        labelingVm = new LabelingViewModel(browserVm, this::showMessage);
        trainingVm = new TrainingViewModel(vm.datasetProperty()::get, vm.models(), background, this::showMessage,
                vm::runFinished, vm.preferences().trainingSettings());
        trainingVm.loadedRunsProperty().bind(vm.loadedRunsProperty());
        analysisVm = new AnalysisViewModel(vm.datasetProperty()::get, browserVm, background);
        analysisVm.modelTrainedHereProperty().bind(vm.modelTrainedHereProperty());
        browserView = new BrowserView(browserVm);
        labelingView = new LabelingView(labelingVm, browserVm, background, vm.predictorProperty());
        browserHolder.getChildren().add(browserView);
        panelShare = 1 - split.getDividerPositions()[0];
        // after the split pane's own resize layout, which would undo it
        split.widthProperty().addListener((o, a, b) -> javafx.application.Platform.runLater(
                () -> split.setDividerPositions(1 - panelShare)));
        split.addEventFilter(MouseEvent.MOUSE_RELEASED, e -> panelShare = 1 - split.getDividerPositions()[0]);
        // The panel fits itself to the tab's width (the image shrinks, the cards and buttons wrap); a window too
        // small even for that scrolls rather than cuts controls off.
        ScrollPane labelScroll = new ScrollPane(labelingView);
        labelScroll.setFitToWidth(true);
        // The image's height follows the width it is given; a bar that came and went with that height would change
        // the width again, and at some window heights the layout would flip between the two on every frame.
        labelScroll.setVbarPolicy(ScrollPane.ScrollBarPolicy.ALWAYS);
        labelScroll.setFocusTraversable(false);
        labelScroll.getStyleClass().add("label-scroll");
        labelingView.viewHeightProperty().bind(Bindings.createDoubleBinding(
                () -> labelScroll.getViewportBounds().getHeight(), labelScroll.viewportBoundsProperty()));
        labelTab.setContent(labelScroll);
        RunComparison comparison = new RunComparison(vm, browserVm, background, this::showMessage);
        // the charts take updates only while they can be seen (see TrainingCharts#setShowing)
        trainingVm.charts().setShowing(trainingTab.isSelected());
        trainingTab.selectedProperty().addListener((o, was, now) -> trainingVm.charts().setShowing(now));
        // the address on the status line too: with no browser set up, opening it shows nothing
        Consumer<String> showDashboard = url -> {
            vm.showStatus("DL4J dashboard: " + url + " (served on this computer only, until CaptchaLab closes)");
            browse.accept(url);
        };
        trainingTab.setContent(new TrainingView(trainingVm, background, vm::loadRuns, comparison::compare, showDashboard,
                this::showMessage));
        analysisTab.setContent(new AnalysisView(analysisVm));
        analysisTab.selectedProperty().addListener((o, a, shown) -> recountIfShown());

        // predicting a large dataset changes it once per batch (50 times for 100,000 images): the shown confusion
        // map is counted and redrawn at most every half second meanwhile, always with the latest readings at the end
        javafx.animation.PauseTransition recountSoon = new javafx.animation.PauseTransition(Duration.millis(500));
        recountSoon.setOnFinished(e -> recountIfShown());
        vm.datasetProperty().addListener((o, a, b) -> {
            browserView.setDataset(b);
            trainingVm.datasetOpened();
            recountIfShown();
            b.versionProperty().addListener((x, y, z) -> {
                if (recountSoon.getStatus() != Animation.Status.RUNNING) {
                    recountSoon.playFromStart();
                }
            });
            labelingView.focusEditor();
        });
        status.textProperty().bind(vm.statusProperty());
        // a long line is cut short at the window's width: the whole of it on hovering
        Tooltip statusTip = new Tooltip();
        statusTip.textProperty().bind(vm.statusProperty());
        statusTip.setWrapText(true);
        statusTip.setMaxWidth(700);
        status.setTooltip(statusTip);
        model.textProperty().bind(Bindings.createStringBinding(
                () -> (vm.modelWarningProperty().get().isEmpty() ? "" : "\u26a0 ") + vm.modelNameProperty().get() + "  ",
                vm.modelNameProperty(), vm.modelWarningProperty()));
        // the name is all the status bar has room for: why it is marked, on hovering
        Tooltip modelTip = new Tooltip();
        modelTip.setWrapText(true);
        modelTip.setMaxWidth(700);
        vm.modelWarningProperty().addListener((o, before, w) -> {
            model.getStyleClass().remove("model-warning");
            if (w.isEmpty()) {
                model.setTooltip(null);
            } else {
                model.getStyleClass().add("model-warning");
                modelTip.setText(w);
                model.setTooltip(modelTip);
            }
        });
        shiftedViewsItem.selectedProperty().bindBidirectional(vm.shiftedViewsProperty());
        predictionProgress.progressProperty().bind(vm.predictionProgressProperty());
        predictionProgress.visibleProperty().bind(vm.predictionProgressProperty().lessThan(1));
        vm.recent().addListener((javafx.collections.ListChangeListener<Path>) c -> fillRecent());
        fillRecent();

        // Ctrl+Y redoes as Ctrl+Shift+Z does, wherever the focus is: most editors outside the Mac redo with it, and
        // the menu item takes one accelerator only (the label field handles both itself, see LabelingView)
        sceneProperty().addListener((o, before, scene) -> {
            if (scene != null) {
                scene.getAccelerators().put(new KeyCodeCombination(KeyCode.Y, KeyCombination.SHORTCUT_DOWN), this::redo);
            }
        });

        pulseMonitor.start();
        Timeline pulseLabel = new Timeline(new KeyFrame(Duration.seconds(1),
                e -> pulse.setText(String.format(Locale.ROOT, "slowest redraw in the last minute: %.0f ms",
                        pulseMonitor.recentMaxGapMillis(System.nanoTime())))));
        pulse.setTooltip(new Tooltip("The longest the window went without redrawing in the last minute. Over 50 ms a"
                + " pause can be seen; training and predicting run in the background so that it stays under (the window's"
                + " start may go over)."));
        pulseLabel.setCycleCount(Animation.INDEFINITE);
        pulseLabel.play();
    }

    /** The heat map is rebuilt only while its tab is shown: hundreds of nodes per rebuild are not free. */
    private void recountIfShown() {
        if (analysisTab.isSelected()) {
            analysisVm.recount();
        }
    }

    public PulseMonitor pulseMonitor() {
        return pulseMonitor;
    }

    /** The window is closing: stops a training run under way and returns it (null if none); see {@link TrainingViewModel#stopForClose()}. */
    TrainingSession stopTrainingForClose() {
        return trainingVm.stopForClose();
    }

    public BrowserViewModel browser() {
        return browserVm;
    }

    /** The window's ViewModel, for the window test. */
    MainViewModel viewModel() {
        return vm;
    }

    /** The dataset view, for the window test. */
    BrowserView browserView() {
        return browserView;
    }

    /** The training panel's ViewModel, for the GUI benchmark. */
    public TrainingViewModel trainingForBench() {
        return trainingVm;
    }

    private void fillRecent() {
        recentMenu.getItems().clear();
        for (Path p : vm.recent()) {
            MenuItem item = new MenuItem(p.toString());
            item.setOnAction(e -> vm.open(p));
            recentMenu.getItems().add(item);
        }
        recentMenu.setDisable(recentMenu.getItems().isEmpty());
    }

    /** A plain, non-blocking message dialog: never a stack trace, and the window keeps working. */
    void showMessage(String text) {
        show(new Alert(Alert.AlertType.INFORMATION, text), "CaptchaLab");
    }

    /** A non-blocking dialog showing {@code content}, over this window. */
    private void showDialog(String title, javafx.scene.Node content) {
        Alert alert = new Alert(Alert.AlertType.INFORMATION);
        alert.getDialogPane().setContent(content);
        show(alert, title);
    }

    private void show(Alert alert, String title) {
        alert.setHeaderText(null);
        alert.setTitle(title);
        if (getScene() != null) {
            alert.initOwner(getScene().getWindow());
        }
        alert.show();
    }

    /** File > Dataset problems: every file the loader skipped or left unlabelled, and why, in a scrollable list. */
    @FXML private void showProblems() {
        javafx.scene.control.TextArea list = new javafx.scene.control.TextArea(vm.problemsReport());
        list.setId("problemsText");
        list.setEditable(false);
        list.setPrefColumnCount(90);
        list.setPrefRowCount(14);
        showDialog("Dataset problems", list);
    }

    @FXML
    private void openFolder() {
        File dir = folderChooser.apply(getScene().getWindow());
        if (dir != null) {
            vm.open(dir.toPath());
        }
    }

    private static File chooseFolder(Window owner) {
        DirectoryChooser chooser = new DirectoryChooser();
        chooser.setTitle("Open a captcha folder");
        return chooser.showDialog(owner);
    }

    /**
     * Replaces the native folder dialog of File > Open folder (which a headless robot cannot drive) with
     * {@code chooser}, for the window test; the menu item, the shortcut and the opening stay the real ones.
     */
    void setFolderChooser(Function<Window, File> chooser) {
        this.folderChooser = chooser;
    }

    /**
     * File > Export labels: the corrections made here live in the work store (for a read-only folder, under the home
     * folder), so the window writes them out as the {@code export} command does, to a CSV the user names.
     */
    @FXML private void exportLabels() {
        org.captchalab.ui.shared.DatasetState ds = vm.datasetProperty().get();
        if (ds == null) {
            vm.message("No dataset is open: there are no labels to export.");
            return;
        }
        File csv = exportChooser.apply(getScene().getWindow(), ds.workspace().folder());
        if (csv != null) {
            vm.exportLabels(csv.toPath());
        }
    }

    /** Suggests "<folder>-labels.csv" in the home folder: the folder's own labels.csv is refused, and may be read-only. */
    private static File chooseExportFile(Window owner, Path datasetFolder) {
        javafx.stage.FileChooser chooser = new javafx.stage.FileChooser();
        chooser.setTitle("Export the labels as a CSV");
        chooser.setInitialDirectory(new File(System.getProperty("user.home")));
        Path name = datasetFolder.toAbsolutePath().normalize().getFileName();
        chooser.setInitialFileName((name == null ? "dataset" : name.toString()) + "-labels.csv");
        chooser.getExtensionFilters().add(new javafx.stage.FileChooser.ExtensionFilter("CSV", "*.csv"));
        return chooser.showSaveDialog(owner);
    }

    /** Replaces the native save dialog of File > Export labels with {@code chooser}, for the window test. */
    void setExportChooser(java.util.function.BiFunction<Window, Path, File> chooser) {
        this.exportChooser = chooser;
    }

    /** As the window's close button: through its close request (which lets queued label saves finish), then hidden. */
    @FXML private void quit() {
        javafx.stage.Window w = getScene().getWindow();
        javafx.stage.WindowEvent request = new javafx.stage.WindowEvent(w, javafx.stage.WindowEvent.WINDOW_CLOSE_REQUEST);
        javafx.event.Event.fireEvent(w, request);
        if (!request.isConsumed()) {
            w.hide();
        }
    }

    @FXML private void saveLabel() {
        labelingVm.save();
    }

    @FXML private void nextImage() {
        labelingVm.next();
    }

    @FXML private void previousImage() {
        labelingVm.previous();
    }

    @FXML private void acceptPrediction() {
        labelingVm.acceptPrediction();
    }

    @FXML private void undo() {
        labelingVm.undo();
    }

    @FXML private void redo() {
        labelingVm.redo();
    }

    @FXML private void focusLabel() {
        tabs.getSelectionModel().select(labelTab);
        labelingView.focusEditor();
    }

    @FXML private void focusSearch() {
        browserView.focusSearch();
    }

    @FXML private void showAll() {
        browserVm.filterProperty().set(SampleFilter.of(SampleFilter.Kind.ALL));
    }

    @FXML private void showMisclassified() {
        browserVm.filterProperty().set(SampleFilter.of(SampleFilter.Kind.MISCLASSIFIED));
    }

    @FXML private void showMislabelled() {
        browserVm.filterProperty().set(SampleFilter.of(SampleFilter.Kind.LIKELY_MISLABELLED));
    }

    @FXML private void showUnlabelled() {
        browserVm.filterProperty().set(SampleFilter.of(SampleFilter.Kind.UNLABELLED));
    }

    @FXML private void showLabelTab() {
        focusLabel();
    }

    @FXML private void showTrainingTab() {
        tabs.getSelectionModel().select(trainingTab);
    }

    @FXML private void showAnalysisTab() {
        tabs.getSelectionModel().select(analysisTab);
    }

    @FXML private void refreshPredictions() {
        vm.refreshPredictions();
    }

    @FXML private void startTraining() {
        tabs.getSelectionModel().select(trainingTab);
        trainingVm.start();
    }

    @FXML private void pauseTraining() {
        trainingVm.togglePause();
    }

    @FXML private void stopTraining() {
        trainingVm.stop();
    }

    /** The widest an action of Help > Keyboard shortcuts is; longer ones wrap. */
    private static final double KEY_ACTION_WIDTH = 520;

    /** Help > Keyboard shortcuts: the keys in one column and what they do in another, a heading per context. */
    @FXML private void showKeys() {
        javafx.scene.layout.GridPane grid = new javafx.scene.layout.GridPane();
        grid.setId("keyHelp");
        grid.setHgap(16);
        grid.setVgap(3);
        int row = 0;
        for (KeyHelp.Section section : KeyHelp.SECTIONS) {
            javafx.scene.control.Label heading = new javafx.scene.control.Label(section.heading());
            heading.setStyle("-fx-font-weight: bold; -fx-padding: " + (row == 0 ? 0 : 8) + " 0 2 0;");
            grid.add(heading, 0, row++, 2, 1);
            for (KeyHelp.Key key : section.keys()) {
                javafx.scene.control.Label keys = new javafx.scene.control.Label(key.keys());
                keys.setStyle("-fx-font-family: monospace;");
                keys.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
                grid.add(keys, 0, row);
                // wrapped: the search line alone made the dialog wider than a 1024-pixel screen
                javafx.scene.control.Label action = new javafx.scene.control.Label(key.action());
                action.setWrapText(true);
                action.setMaxWidth(KEY_ACTION_WIDTH);
                grid.add(action, 1, row++);
            }
        }
        showDialog("Keyboard shortcuts", grid);
    }

    @FXML private void about() {
        showMessage("CaptchaLab: browse captcha datasets, correct labels, train a CNN with one softmax head per character"
                + " position and study its errors, position by position.");
    }
}
