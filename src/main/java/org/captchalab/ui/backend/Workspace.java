package org.captchalab.ui.backend;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.captchalab.dataset.Alphabet;
import org.captchalab.dataset.CaseRule;
import org.captchalab.dataset.ImageSize;
import org.captchalab.ui.shared.SamplePrediction;
import org.captchalab.ui.shared.SampleRow;

/**
 * An opened dataset with its work store. All methods may block on disk or the database, so callers run them
 * on a background thread; implementations must be safe to call from several threads (decoding runs in
 * parallel with saves).
 */
public interface Workspace extends AutoCloseable {

    Path folder();

    Alphabet alphabet();

    int labelLength();

    CaseRule caseRule();

    /** The model input size every image is brought to, as {width, height}. */
    int[] inputSize();

    /** The samples as they are now, with current labels, splits and cached predictions if any. */
    List<SampleRow> rows();

    /** How many images there are ({@link #image} takes 0 to this minus 1), without building their rows. */
    default int imageCount() {
        return rows().size();
    }

    /**
     * The groups of byte-identical images (same content hash), as sample indices, two or more to a group; images
     * with no copy are in none. Their labels decide the rows' conflict flags as labels change.
     */
    default List<int[]> identicalImages() {
        return List.of();
    }

    /** One line per skipped or suspicious input, for the user. */
    List<String> problems();

    /** Decodes the image of sample {@code index} at its own size. */
    BufferedImage image(int index) throws IOException;

    /** Saves a label at once (durably) and returns the change as stored. */
    LabelChange saveLabel(int index, String label) throws IOException;

    /** Undoes the most recent saved edit, if any. */
    Optional<LabelChange> undo() throws IOException;

    /** Redoes the most recently undone edit, if any. */
    Optional<LabelChange> redo() throws IOException;

    /**
     * Writes the labels as they are now (every saved correction in) to a labels CSV at {@code csv}, as the
     * {@code export} command does: refused, with nothing written, where that command refuses its {@code --out} (an
     * image, a folder, the labels file the folder is read from).
     */
    org.captchalab.dataset.LabelExport.Result exportLabels(Path csv) throws IOException;

    /** Predictions of model {@code modelId} cached in the store, by sample index (may be partial or empty). */
    Map<Integer, SamplePrediction> cachedPredictions(String modelId);

    /** Caches predictions of model {@code modelId}; failures are logged, never thrown (it is only a cache). */
    void cachePredictions(String modelId, Map<Integer, SamplePrediction> predictions);

    /** The folder in which this dataset's runs are saved and looked up. */
    Path modelsFolder();

    /**
     * The most common size of the folder's images as found on disk (ties: the larger), empty when it has none or
     * does not know: what a loaded run's training images are compared with.
     */
    default Optional<ImageSize> mostCommonImageSize() {
        return Optional.empty();
    }

    /** A sentence for the user when the work store is not in the dataset folder (it is read-only), else empty. */
    default java.util.Optional<String> storeNotice() {
        return java.util.Optional.empty();
    }

    @Override
    void close();
}
