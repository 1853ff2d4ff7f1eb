package org.captchalab.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.captchalab.dataset.CaptchaSample;
import org.captchalab.dataset.Dataset;
import org.captchalab.dataset.SplitAssignment;
import org.captchalab.dataset.SplitRatios;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A dataset's work state in an embedded SQLite database: the current label of every image (the original kept
 * beside it), the edit history with undo/redo that survives restarts, the persisted train/val/test split and
 * cached predictions per model. Image files are never touched.
 *
 * <p>Every change is one committed transaction before the method returns (WAL, synchronous=FULL; see
 * {@link Schema}), so a process killed at any instant loses at most the change in flight. Thread-safe: one
 * connection, every method synchronized; the UI calls it from background threads, never the FX thread.
 * Failures are {@link StoreException}s. Close it when done.
 */
public final class WorkStore implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(WorkStore.class);

    private final StoreLocation location;
    private final Connection connection;
    private final LabelTable labels;
    private final SplitTable splits;
    private final PredictionTable predictions;
    private final String author;
    private final Transactions tx;

    private WorkStore(StoreLocation location, Connection connection) {
        this.location = location;
        this.connection = connection;
        this.labels = new LabelTable(connection);
        this.splits = new SplitTable(connection);
        this.predictions = new PredictionTable(connection);
        this.author = System.getProperty("user.name", "unknown");
        this.tx = new Transactions(connection);
    }

    /** Opens (or creates) the store of {@code dataset} and records its images and source labels. */
    public static WorkStore open(Dataset dataset) {
        WorkStore store = openAt(StoreLocation.resolve(dataset.root()));
        store.sync(dataset);
        return store;
    }

    /**
     * Opens (or creates) the store of the dataset folder {@code root} without reading the dataset: enough for
     * labels, history and predictions; the split covers only images a {@link #sync(Dataset)} has recorded.
     */
    public static WorkStore open(Path root) {
        return openAt(StoreLocation.resolve(root));
    }

    /** Opens (or creates) the store at an explicit location (see {@link StoreLocation#resolve}). */
    public static WorkStore openAt(StoreLocation location) {
        try {
            Connection c = DriverManager.getConnection("jdbc:sqlite:" + location.dbFile());
            try {
                Schema.configure(c);
                c.setAutoCommit(false);
                Schema.create(c);
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.close();
                throw e;
            }
            LOG.info("opened work store {}", location.dbFile());
            return new WorkStore(location, c);
        } catch (SQLException e) {
            throw new StoreException("cannot open the work store " + location.dbFile() + ": " + e.getMessage(), e);
        }
    }

    public StoreLocation location() {
        return location;
    }

    /** A sentence for the user when the store is not inside the dataset folder. */
    public Optional<String> notice() {
        return Optional.ofNullable(location.notice());
    }

    /** Records the dataset's images; labels the user edited keep their edited value. */
    public synchronized void sync(Dataset dataset) {
        write(() -> {
            labels.sync(dataset.samples(), System.currentTimeMillis());
            return null;
        });
    }

    /** The current label of every image the store knows (a null value: unlabelled). */
    public synchronized Map<String, String> labels() {
        return read(labels::current);
    }

    /** The current label of one image (null: unlabelled or unknown). */
    public synchronized String label(String path) {
        String[] row = read(() -> labels.row(path));
        return row == null ? null : row[0];
    }

    /** The label the image had in its source (labels.csv or file name) before any edit. */
    public synchronized String originalLabel(String path) {
        String[] row = read(() -> labels.row(path));
        return row == null ? null : row[1];
    }

    /**
     * The dataset with the user's edits applied (conflicts and trainable images recomputed). Only edited
     * labels are applied, so a dataset loaded with other options (say, case folded) keeps its own reading of
     * the untouched labels.
     */
    public Dataset applyTo(Dataset dataset) {
        return dataset.withLabels(editedLabels());
    }

    /** The images whose label differs from the original, with their current label, sorted by path. */
    public synchronized Map<String, String> editedLabels() {
        return read(labels::edited);
    }

    /** Paths of the images whose label differs from the original, sorted. */
    public synchronized List<String> editedPaths() {
        return List.copyOf(editedLabels().keySet());
    }

    /**
     * Sets an image's label (null clears it) and commits before returning; undo can revert it. Returns the
     * history entry, or empty when the label was already that.
     */
    public synchronized Optional<Edit> setLabel(String path, String label) {
        return write(() -> {
            String[] row = labels.row(path);
            String old = row == null ? null : row[0];
            if (row != null && java.util.Objects.equals(old, label)) {
                return Optional.<Edit>empty();
            }
            long now = System.currentTimeMillis();
            labels.pushEdit(path, old, label, author, now);
            labels.setCurrent(path, label, now);
            return Optional.of(labels.addHistory(path, old, label, Edit.Kind.EDIT, author, now));
        });
    }

    /** Reverts the latest edit not yet undone (across restarts); empty when there is none. */
    public synchronized Optional<Edit> undo() {
        return step(Edit.Kind.UNDO);
    }

    /** Re-applies the edit undone last; empty when there is none (a new edit after an undo clears redo). */
    public synchronized Optional<Edit> redo() {
        return step(Edit.Kind.REDO);
    }

    /**
     * An undo (the latest edit still done goes back to its old label) or a redo (the edit undone last goes forward to
     * its new label again), written to the history as one more edit of that kind.
     */
    private Optional<Edit> step(Edit.Kind kind) {
        boolean back = kind == Edit.Kind.UNDO;
        return write(() -> {
            Optional<Edit> top = labels.top(back);
            if (top.isEmpty()) {
                return Optional.<Edit>empty();
            }
            Edit e = top.get();
            String from = back ? e.newLabel() : e.oldLabel();
            String to = back ? e.oldLabel() : e.newLabel();
            long now = System.currentTimeMillis();
            labels.markEdit(e.id(), back ? "undone" : "done");
            labels.setCurrent(e.path(), to, now);
            return Optional.of(labels.addHistory(e.path(), from, to, kind, author, now));
        });
    }

    public synchronized boolean canUndo() {
        return read(() -> labels.top(true)).isPresent();
    }

    public synchronized boolean canRedo() {
        return read(() -> labels.top(false)).isPresent();
    }

    /** Every change ever made (edits, undos, redos), oldest first. */
    public synchronized List<Edit> history() {
        return read(() -> labels.history(null));
    }

    /** The changes to one image, oldest first. */
    public synchronized List<Edit> history(String path) {
        return read(() -> labels.history(path));
    }

    /**
     * The persisted split, created with {@link SplitAssignment#DEFAULT_SEED} on first use. Images added since
     * are assigned without moving any other image; nothing else ever changes it except {@link #split(long)}.
     */
    public synchronized SplitAssignment assignment() {
        return write(() -> {
            Optional<SplitAssignment> stored = splits.load();
            List<CaptchaSample> known = knownSamples();
            SplitAssignment base;
            if (stored.isPresent() && !stored.get().byPath().isEmpty()) {
                base = stored.get();
            } else {
                // Nothing assigned yet: split everything at once, which gives exact shares (adding images one
                // by one to an empty split would only approximate them).
                long seed = stored.map(SplitAssignment::seed).orElse(SplitAssignment.DEFAULT_SEED);
                SplitRatios ratios = stored.map(SplitAssignment::ratios).orElse(SplitRatios.DEFAULT);
                base = SplitAssignment.compute(known, seed, ratios);
                stored = Optional.empty();
            }
            SplitAssignment current = base.extendedTo(known);
            if (stored.isEmpty() || current != base) {
                splits.save(current);
            }
            return current;
        });
    }

    /**
     * The split for {@code seed}: the stored one when it has this seed, else a new split with this seed and
     * the default ratios, persisted in place of the old one. This is the "re-split" the user asks for.
     */
    public synchronized SplitAssignment split(long seed) {
        return split(seed, SplitRatios.DEFAULT);
    }

    /** Like {@link #split(long)} with explicit ratios; recomputes when seed or ratios differ. */
    public synchronized SplitAssignment split(long seed, SplitRatios ratios) {
        SplitAssignment current = assignment();
        if (current.seed() == seed && current.ratios().equals(ratios)) {
            return current;
        }
        return write(() -> {
            SplitAssignment fresh = SplitAssignment.compute(knownSamples(), seed, ratios);
            splits.save(fresh);
            LOG.info("new split with seed {}: {}", seed, fresh.counts());
            return fresh;
        });
    }

    /** Caches predictions of the model {@code modelId} (replacing earlier ones for the same images). */
    public synchronized void putPredictions(String modelId, Collection<CachedPrediction> batch) {
        write(() -> {
            predictions.put(modelId, batch);
            return null;
        });
    }

    /** The cached predictions of a model, by image path. */
    public synchronized Map<String, CachedPrediction> predictions(String modelId) {
        return read(() -> predictions.all(modelId));
    }

    public synchronized Optional<CachedPrediction> prediction(String modelId, String path) {
        return Optional.ofNullable(read(() -> predictions.one(modelId, path)));
    }

    public synchronized void clearPredictions(String modelId) {
        write(() -> {
            predictions.clear(modelId);
            return null;
        });
    }

    /** Ids of the models with cached predictions. */
    public synchronized List<String> predictionModels() {
        return read(predictions::modelIds);
    }

    /** SQLite's own consistency check: "ok" when the database is sound. */
    public synchronized String integrityCheck() {
        return read(() -> {
            try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery("PRAGMA integrity_check")) {
                StringBuilder sb = new StringBuilder();
                while (rs.next()) {
                    sb.append(sb.length() > 0 ? "; " : "").append(rs.getString(1));
                }
                return sb.toString();
            }
        });
    }

    @Override
    public synchronized void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            LOG.warn("closing work store", e);
        }
    }

    private List<CaptchaSample> knownSamples() throws SQLException {
        List<CaptchaSample> out = new ArrayList<>();
        for (Map.Entry<String, String> e : labels.hashes().entrySet()) {
            String hash = e.getValue() != null ? e.getValue() : "path:" + e.getKey();
            out.add(new CaptchaSample(e.getKey(), null, 1, 1, hash));
        }
        return out;
    }

    private <T> T read(Transactions.Work<T> work) {
        return tx.read(work);
    }

    private <T> T write(Transactions.Work<T> work) {
        return tx.write(work);
    }
}
