package org.captchalab.ui.backend;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.captchalab.dataset.Alphabet;
import org.captchalab.dataset.CaptchaSample;
import org.captchalab.dataset.CaseRule;
import org.captchalab.dataset.Dataset;
import org.captchalab.dataset.DatasetLoader;
import org.captchalab.dataset.DatasetOptions;
import org.captchalab.dataset.ImageDecoder;
import org.captchalab.dataset.ImageSize;
import org.captchalab.dataset.LabelExport;
import org.captchalab.dataset.Problem;
import org.captchalab.dataset.SplitAssignment;
import org.captchalab.store.CachedPrediction;
import org.captchalab.store.Edit;
import org.captchalab.store.PositionGuess;
import org.captchalab.store.WorkStore;
import org.captchalab.ui.shared.Candidate;
import org.captchalab.ui.shared.SamplePrediction;
import org.captchalab.ui.shared.SampleRow;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The real {@link Workspace}: a {@link Dataset} loaded from the folder and its SQLite {@link WorkStore}
 * (current and original labels, history with undo/redo, the persisted split). Labels are saved with one
 * committed transaction each, so nothing typed is lost on a crash.
 *
 * <p>Case rule: a dataset whose labels contain no uppercase letter is treated as fold-to-lowercase (the QQ
 * and swust captchas: mixed-case glyphs, lowercase labels), so typing "AbCd" saves "abcd".
 */
public final class StoreWorkspace implements Workspace {

    private static final Logger LOG = LoggerFactory.getLogger(StoreWorkspace.class);

    private final Dataset dataset;
    private final WorkStore store;
    private final Path modelsFolder;
    private final CaseRule caseRule;
    /** The alphabet of the labels as they are now, with the store's corrections (see {@link Dataset#withLabels}). */
    private final Alphabet alphabet;
    private final List<CaptchaSample> samples;
    private final Map<String, Integer> indexByPath = new HashMap<>();
    /** Sample indices of byte-identical images, two or more to a group ({@link Dataset#identicalImages()}). */
    private final List<int[]> identical;
    /** The loader's problems as lines, made once while the folder is opened (in the background), not per call. */
    private final List<String> problemLines;

    private StoreWorkspace(Dataset dataset, WorkStore store, Path modelsFolder) {
        this.dataset = dataset;
        this.store = store;
        this.modelsFolder = modelsFolder;
        this.samples = dataset.samples();
        this.problemLines = dataset.problems().stream().map(Problem::toString).toList();
        for (int i = 0; i < samples.size(); i++) {
            indexByPath.put(samples.get(i).path(), i);
        }
        // grouped once, by the loader, which finds the conflicts from the same groups
        this.identical = dataset.identicalImages().stream()
                .map(g -> g.stream().mapToInt(Integer::intValue).toArray()).toList();
        this.alphabet = store.applyTo(dataset).alphabet();
        boolean anyUpper = alphabet != null && alphabet.chars().chars().anyMatch(Character::isUpperCase);
        boolean anyLower = alphabet != null && alphabet.chars().chars().anyMatch(Character::isLowerCase);
        this.caseRule = dataset.caseRule() == CaseRule.KEEP && anyLower && !anyUpper ? CaseRule.FOLD_LOWER
                : dataset.caseRule();
    }

    /** Loads the folder and opens (or creates) its store; runs are looked up in {@code modelsFolder}. */
    public static StoreWorkspace open(Path folder, Path modelsFolder) throws IOException {
        Dataset loaded = DatasetLoader.load(folder, DatasetOptions.defaults());
        WorkStore store = WorkStore.open(loaded);
        return new StoreWorkspace(loaded, store, modelsFolder);
    }

    /** The dataset with the store's current labels, for training (a snapshot). */
    public Dataset currentDataset() {
        return store.applyTo(dataset);
    }

    public WorkStore store() {
        return store;
    }

    @Override
    public Path folder() {
        return dataset.root();
    }

    @Override
    public Alphabet alphabet() {
        return alphabet == null ? Alphabet.LOWERCASE : alphabet;
    }

    @Override
    public int labelLength() {
        return dataset.labelLength();
    }

    @Override
    public CaseRule caseRule() {
        return caseRule;
    }

    @Override
    public Optional<ImageSize> mostCommonImageSize() {
        return dataset.sizes().keySet().stream().findFirst();
    }

    @Override
    public int[] inputSize() {
        return dataset.inputSize() == null ? new int[] {129, 53}
                : new int[] {dataset.inputSize().width(), dataset.inputSize().height()};
    }

    @Override
    public List<SampleRow> rows() {
        Map<String, String> current = store.labels();
        Dataset withCurrent = dataset.withLabels(current);
        SplitAssignment split = store.assignment();
        Map<String, Long> editedAt = new HashMap<>();
        for (Edit e : store.history()) {
            editedAt.put(e.path(), e.at().toEpochMilli());
        }
        List<SampleRow> rows = new ArrayList<>(samples.size());
        for (int i = 0; i < samples.size(); i++) {
            CaptchaSample s = samples.get(i);
            String label = current.containsKey(s.path()) ? current.get(s.path()) : s.label();
            rows.add(new SampleRow(i, s.path(), label, s.label(), split.splitOf(s.path()),
                    withCurrent.isConflicting(s.path()), editedAt.getOrDefault(s.path(), 0L), null));
        }
        return rows;
    }

    @Override
    public List<int[]> identicalImages() {
        return identical;
    }

    @Override
    public int imageCount() {
        return samples.size();
    }

    @Override
    public List<String> problems() {
        return problemLines;
    }

    @Override
    public BufferedImage image(int index) throws IOException {
        return ImageDecoder.decode(samples.get(index).file(dataset.root()));
    }

    @Override
    public LabelChange saveLabel(int index, String label) {
        Optional<Edit> edit = store.setLabel(samples.get(index).path(), label);
        return new LabelChange(index, label, edit.map(e -> e.at().toEpochMilli()).orElse(System.currentTimeMillis()));
    }

    @Override
    public Optional<LabelChange> undo() {
        return store.undo().map(this::change);
    }

    @Override
    public Optional<LabelChange> redo() {
        return store.redo().map(this::change);
    }

    @Override
    public LabelExport.Result exportLabels(Path csv) throws IOException {
        return LabelExport.writeCsv(store.applyTo(dataset), csv);
    }

    private LabelChange change(Edit e) {
        Integer index = indexByPath.get(e.path());
        if (index == null) {
            throw new IllegalStateException("the store changed an image this dataset does not have: " + e.path());
        }
        return new LabelChange(index, e.newLabel(), e.at().toEpochMilli());
    }

    @Override
    public Path modelsFolder() {
        return modelsFolder;
    }

    @Override
    public Map<Integer, SamplePrediction> cachedPredictions(String modelId) {
        Map<Integer, SamplePrediction> out = new HashMap<>();
        try {
            store.predictions(modelId).forEach((path, cached) -> {
                Integer index = indexByPath.get(path);
                if (index != null && !cached.positions().isEmpty()) {
                    List<List<Candidate>> positions = new ArrayList<>();
                    for (PositionGuess g : cached.positions()) {
                        List<Candidate> cands = new ArrayList<>();
                        for (int k = 0; k < g.candidates().length(); k++) {
                            cands.add(new Candidate(g.candidates().charAt(k), g.probabilities().get(k)));
                        }
                        positions.add(cands);
                    }
                    out.put(index, new SamplePrediction(positions));
                }
            });
        } catch (RuntimeException e) {
            LOG.warn("cached predictions of {} not read: {}", modelId, e.toString());
        }
        return out;
    }

    @Override
    public void cachePredictions(String modelId, Map<Integer, SamplePrediction> predictions) {
        List<CachedPrediction> batch = new ArrayList<>(predictions.size());
        predictions.forEach((index, p) -> {
            List<PositionGuess> guesses = new ArrayList<>();
            for (List<Candidate> pos : p.positions()) {
                StringBuilder chars = new StringBuilder();
                List<Double> probs = new ArrayList<>();
                for (Candidate c : pos) {
                    chars.append(c.character());
                    probs.add(c.probability());
                }
                guesses.add(new PositionGuess(chars.toString(), probs));
            }
            batch.add(new CachedPrediction(samples.get(index).path(), p.text(), p.confidence(), Double.NaN, guesses));
        });
        try {
            store.putPredictions(modelId, batch);
        } catch (RuntimeException e) {
            LOG.warn("predictions of {} not cached: {}", modelId, e.toString());
        }
    }

    /** The sample of an index, for the model adapter. */
    public CaptchaSample sample(int index) {
        return samples.get(index);
    }

    @Override
    public Optional<String> storeNotice() {
        return store.notice();
    }

    @Override
    public void close() {
        store.close();
    }
}
