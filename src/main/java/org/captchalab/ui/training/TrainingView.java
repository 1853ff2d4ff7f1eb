package org.captchalab.ui.training;

import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import javafx.animation.Animation;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.embed.swing.SwingFXUtils;
import javafx.fxml.FXML;
import javafx.css.PseudoClass;
import javafx.scene.chart.LineChart;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.SelectionMode;
import javafx.scene.control.Spinner;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.image.ImageView;
import javafx.scene.layout.TilePane;
import javafx.util.Duration;
import org.captchalab.ui.backend.RunSummary;
import org.captchalab.ui.shared.Background;
import org.captchalab.ui.shared.Fxml;
import org.captchalab.ui.shared.Messages;
import org.captchalab.ui.shared.SpinnerInput;

/**
 * The training panel. Its Timeline drains the ViewModel's queue every 250 ms, so the charts update at most
 * four times a second however fast minibatches come.
 */
public final class TrainingView extends ScrollPane {

    @FXML private ComboBox<String> preset;
    @FXML private Spinner<Integer> epochs;
    @FXML private Spinner<Integer> batch;
    @FXML private TextField learningRate;
    @FXML private Spinner<Integer> timeLimit;
    @FXML private Label timeLimitLabel;
    @FXML private Label previewNote;
    @FXML private CheckBox augment;
    @FXML private Spinner<Double> augmentStrength;
    @FXML private TextField weightDecay;
    @FXML private CheckBox fineTune;
    @FXML private ComboBox<RunSummary> startFrom;
    @FXML private TilePane augmentPreview;
    @FXML private Button startButton;
    @FXML private Button pauseButton;
    @FXML private Button stopButton;
    @FXML private ProgressBar progress;
    @FXML private Label progressText;
    @FXML private LineChart<Number, Number> lossChart;
    @FXML private LineChart<Number, Number> accuracyChart;
    @FXML private javafx.scene.chart.NumberAxis epochAxis;
    @FXML private javafx.scene.layout.StackPane accuracyLegendHolder;
    @FXML private ListView<RunSummary> runs;
    @FXML private Button loadButton;
    @FXML private Button compareButton;
    @FXML private Button dashboardButton;

    private final TrainingViewModel vm;
    private final Background background;
    /** FX thread only: counts preview requests, so that a slower, older one never replaces a newer one. */
    private long previewRequests;

    /**
     * @param onLoad     loads one run, or several read as one (their probabilities averaged), as the current model
     * @param onCompare  compares two runs on the dataset
     * @param browse     opens an address in the system browser (HostServices)
     * @param notifier   shows a plain message
     */
    public TrainingView(TrainingViewModel vm, Background background, Consumer<List<RunSummary>> onLoad,
                        BiConsumer<RunSummary, RunSummary> onCompare, Consumer<String> browse, Consumer<String> notifier) {
        this.vm = vm;
        this.background = background;
        Fxml.load(this);
        preset.getItems().setAll(TrainingSettings.PRESETS);
        preset.valueProperty().bindBidirectional(vm.presetProperty());
        // typed text that is not a number puts the spinner's value back (JavaFX's own converters throw)
        SpinnerInput.integers(epochs, 1, TrainingSettings.MAX_EPOCHS, vm.epochsProperty().get(), 1);
        vm.epochsProperty().bind(epochs.valueProperty());
        SpinnerInput.integers(batch, 1, TrainingSettings.MAX_BATCH, vm.batchSizeProperty().get(), 16);
        vm.batchSizeProperty().bind(batch.valueProperty());
        SpinnerInput.integers(timeLimit, 0, TrainingSettings.MAX_TIME_LIMIT, vm.timeLimitMinutesProperty().get(), 1, "none");
        Tooltip noLimit = new Tooltip("Minutes of training after which the run stops and is saved; 0 (none): no limit. "
                + "Paused time does not count.");
        timeLimit.setTooltip(noLimit);
        timeLimitLabel.setTooltip(noLimit);
        vm.timeLimitMinutesProperty().bind(timeLimit.valueProperty());
        learningRate.textProperty().bindBidirectional(vm.learningRateProperty());
        augment.selectedProperty().bindBidirectional(vm.augmentProperty());
        SpinnerInput.decimals(augmentStrength, TrainingSettings.MIN_STRENGTH, TrainingSettings.MAX_STRENGTH, vm.augmentStrengthProperty().get(), 0.5);
        vm.augmentStrengthProperty().bind(augmentStrength.valueProperty());
        augmentStrength.disableProperty().bind(augment.selectedProperty().not());
        previewNote.visibleProperty().bind(augment.selectedProperty());
        previewNote.managedProperty().bind(augment.selectedProperty());
        augmentStrength.valueProperty().addListener((o, a, b) -> {
            if (augment.isSelected()) {
                preview(notifier);
            }
        });
        weightDecay.textProperty().bindBidirectional(vm.weightDecayProperty());
        fineTune.selectedProperty().bindBidirectional(vm.fineTuneProperty());
        startFrom.setItems(vm.runs());
        startFrom.disableProperty().bind(fineTune.selectedProperty().not());
        startFrom.valueProperty().bindBidirectional(vm.startFromProperty());
        startFrom.setCellFactory(lv -> new RunCell(null));
        startFrom.setButtonCell(new RunCell(null));
        augment.selectedProperty().addListener((o, a, on) -> {
            if (on) {
                preview(notifier);
            } else {
                previewRequests++; // a preview still being drawn is not shown
                augmentPreview.getChildren().clear();
            }
        });
        // augmentation remembered as on is set before any folder is open, when there is nothing to preview; and a
        // preview is of one folder's images: each folder opened draws its own, the last one's gone at once
        vm.openDatasetProperty().addListener((o, was, now) -> {
            previewRequests++;
            augmentPreview.getChildren().clear();
            if (augment.isSelected()) {
                preview(notifier);
            }
        });

        var idle = vm.stateProperty().isEqualTo(TrainingViewModel.State.IDLE);
        startButton.disableProperty().bind(idle.not());
        pauseButton.disableProperty().bind(vm.stateProperty().isEqualTo(TrainingViewModel.State.RUNNING)
                .or(vm.stateProperty().isEqualTo(TrainingViewModel.State.PAUSED)).not());
        // Stop also works while the run starts (it then stops as soon as it has started)
        stopButton.disableProperty().bind(pauseButton.disableProperty()
                .and(vm.stateProperty().isNotEqualTo(TrainingViewModel.State.STARTING)));
        pauseButton.textProperty().bind(javafx.beans.binding.Bindings.when(
                vm.stateProperty().isEqualTo(TrainingViewModel.State.PAUSED)).then("Resume").otherwise("Pause"));
        // a run that ends, or is being stopped, disables Pause and Stop; left to itself the scene moved focus on from
        // them to the run list, and this scroll pane scrolled down to it, away from the buttons (1024x700). Focus goes
        // to Start, or while the run stops (Start disabled too) to this pane, and from there to Start when it is idle
        for (Button b : List.of(pauseButton, stopButton)) {
            b.disabledProperty().addListener((o, was, disabled) -> {
                if (disabled && b.isFocused()) {
                    if (startButton.isDisabled()) {
                        requestFocus();
                    } else {
                        startButton.requestFocus();
                    }
                }
            });
        }
        vm.stateProperty().addListener((o, was, now) -> {
            if (now == TrainingViewModel.State.IDLE && isFocused()) {
                startButton.requestFocus();
            }
        });
        startButton.setOnAction(e -> vm.start());
        pauseButton.setOnAction(e -> vm.togglePause());
        stopButton.setOnAction(e -> vm.stop());
        progress.progressProperty().bind(vm.progressProperty());
        progressText.textProperty().bind(vm.progressTextProperty());

        // The epoch axis spans the planned run from the start, in whole epochs.
        vm.stateProperty().addListener((o, a, s) -> {
            if (s == TrainingViewModel.State.STARTING) {
                spanEpochs(vm.epochsProperty().get());
            }
        });
        // An empty chart (before the first run, or after one that ended before its first epoch) spans the run the Epochs
        // field plans, as it will once that run starts: the FXML's 0-10 stood whatever the field said. A chart holding a
        // run's points keeps that run's span, and a run's own span is not changed by editing the field while it runs.
        // A change listener, not an invalidation one: the latter fires again only once the value is read, which it is
        // not while a run is on, so the field edited during a run that then ended with nothing drawn was not followed.
        Runnable followEpochs = () -> {
            if (vm.stateProperty().get() == TrainingViewModel.State.IDLE && vm.charts().accuracySeries().isEmpty()) {
                spanEpochs(vm.epochsProperty().get());
            }
        };
        vm.epochsProperty().addListener((o, was, now) -> followEpochs.run());
        followEpochs.run();
        // Iterations are whole: the axis ranges itself, and over a short run (a few iterations, or 48 of a small
        // dataset) it put ticks at 0.25 or 2.5 iterations, labelled "0.25" or "10.0 12.5 15.0" end to end. Only whole
        // ticks are labelled, without decimals; the others keep their grid line only.
        ((javafx.scene.chart.NumberAxis) lossChart.getXAxis()).setTickLabelFormatter(new WholeIterations());
        // no symbols but the validation loss's dots: invisible ones on up to 2,000 training-loss points cost layouts
        lossChart.setCreateSymbols(false);
        vm.charts().setValLossMarker(javafx.scene.layout.StackPane::new);
        lossChart.setData(vm.charts().lossSeries());
        accuracyChart.setData(vm.charts().accuracySeries());
        AccuracyLegend legend = new AccuracyLegend();
        accuracyLegendHolder.getChildren().add(legend);
        // series come and go only when a run starts or the charts are cleared, not with each point
        vm.charts().accuracySeries().addListener(
                (javafx.collections.ListChangeListener<javafx.scene.chart.XYChart.Series<Number, Number>>) c ->
                        legend.show(vm.charts().accuracySeries()));

        runs.setItems(vm.runs());
        runs.getSelectionModel().setSelectionMode(SelectionMode.MULTIPLE);
        runs.setCellFactory(lv -> new RunCell(vm));
        // the cells say which run is loaded: drawn again when another is
        vm.loadedRunsProperty().addListener((o, a, b) -> runs.refresh());
        var selected = runs.getSelectionModel().getSelectedItems();
        loadButton.disableProperty().bind(javafx.beans.binding.Bindings.isEmpty(selected));
        loadButton.textProperty().bind(javafx.beans.binding.Bindings.createStringBinding(() -> selected.size() < 2
                ? "Load selected run" : "Load " + selected.size() + " runs as one", selected));
        loadButton.setTooltip(new Tooltip("Several runs are read as one model: each image is read "
                + "by every run and their probabilities are averaged (an ensemble; as slow as the runs together)"));
        compareButton.disableProperty().bind(javafx.beans.binding.Bindings.size(selected).isNotEqualTo(2));
        loadButton.setOnAction(e -> onLoad.accept(List.copyOf(selected)));
        compareButton.setOnAction(e -> onCompare.accept(selected.get(0), selected.get(1)));
        // with no run chosen the dashboard would have nothing to show
        dashboardButton.disableProperty().bind(javafx.beans.binding.Bindings.isEmpty(selected));
        dashboardButton.setOnAction(e -> {
            RunSummary run = selected.get(0); // the button is disabled while no run is selected
            background.run("dashboard", () -> vm.models().dashboardUrl(run), url -> {
                if (url == null) {
                    notifier.accept("The DL4J dashboard is not available for this run.");
                } else {
                    browse.accept(url);
                }
            }, ex -> notifier.accept("Could not open the DL4J dashboard: " + Messages.oneLine(ex)));
        });

        Timeline drain = new Timeline(new KeyFrame(Duration.millis(250), e -> vm.drain()));
        drain.setCycleCount(Animation.INDEFINITE);
        drain.play();
    }

    /**
     * A saved run as one line ({@link RunSummary#describe()}), and where it was trained on hovering. In the run list
     * ({@code vm} not null) it also says whether the run is loaded, in bold, and whether it was trained on this folder.
     */
    static final class RunCell extends javafx.scene.control.ListCell<RunSummary> {
        private static final PseudoClass LOADED = PseudoClass.getPseudoClass("loaded-run");
        private final TrainingViewModel vm;

        RunCell(TrainingViewModel vm) {
            this.vm = vm;
        }

        @Override
        protected void updateItem(RunSummary r, boolean empty) {
            super.updateItem(r, empty);
            boolean none = empty || r == null;
            String text = none ? null : vm == null ? r.describe() : vm.describe(r);
            setText(text);
            // the whole line too: in a narrow window the list cuts it off on the right
            setTooltip(none ? null : new Tooltip(text + "\n" + r.origin()));
            pseudoClassStateChanged(LOADED, !none && vm != null && vm.isLoaded(r));
        }
    }

    /** Tick labels of the iteration axis: a whole number as it is, any other value unlabelled. */
    static final class WholeIterations extends javafx.util.StringConverter<Number> {
        @Override
        public String toString(Number n) {
            double v = n.doubleValue();
            return Math.abs(v - Math.rint(v)) < 1e-9 ? Long.toString(Math.round(v)) : "";
        }

        @Override
        public Number fromString(String s) {
            return s.isBlank() ? null : Long.parseLong(s.trim());
        }
    }

    private void preview(Consumer<String> notifier) {
        var ds = vm.dataset();
        if (ds == null) {
            return;
        }
        // read here, on the FX thread; only the latest request's images are shown, and only while augmentation is on
        double strength = vm.augmentStrengthProperty().get();
        long request = ++previewRequests;
        background.run("augmentation preview", () -> {
            List<java.awt.image.BufferedImage> imgs = vm.models().augmentationPreview(ds.workspace(), 8, strength, System.nanoTime());
            return imgs.stream().map(i -> SwingFXUtils.toFXImage(i, null)).toList();
        }, images -> {
            if (request != previewRequests || !augment.isSelected()) {
                return;
            }
            augmentPreview.getChildren().clear();
            for (var img : images) {
                ImageView v = new ImageView(img);
                v.setSmooth(false);
                v.setFitWidth(img.getWidth() * 2);
                v.setFitHeight(img.getHeight() * 2);
                augmentPreview.getChildren().add(v);
            }
        }, e -> notifier.accept("No augmentation preview: " + Messages.oneLine(e)));
    }

    /** Sets the accuracy chart's epoch axis to 0..epochs, with at most about ten whole-epoch ticks. */
    private void spanEpochs(int planned) {
        int epochs = Math.max(1, planned);
        epochAxis.setUpperBound(epochs);
        epochAxis.setTickUnit(Math.max(1, Math.ceil(epochs / 10.0)));
    }
}
