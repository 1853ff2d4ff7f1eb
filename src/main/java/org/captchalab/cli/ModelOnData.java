package org.captchalab.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import org.captchalab.dataset.DatasetException;
import org.captchalab.model.ImageCache;
import org.captchalab.model.ModelFolder;
import org.captchalab.model.SavedModel;

/** A saved model and the dataset it is applied to, as {@code eval} and {@code calibrate} both open them. */
record ModelOnData(SavedModel model, SplitData data) {

    /**
     * Loads the model and the dataset. When the model cannot read the dataset's labels, prints one error line per
     * reason, naming the model folder and the dataset, and returns null; otherwise prints what may hurt (input
     * size, case rule) as warnings.
     */
    static ModelOnData open(Path modelDir, Path dir, DatasetArgs args, PrintWriter err) throws DatasetException {
        SavedModel model = ModelFolder.load(modelDir);
        SplitData data = SplitData.load(dir, args);
        List<String> misfits = model.misfits(data.dataset());
        if (!misfits.isEmpty()) {
            misfits.forEach(m -> err.println("error: " + modelDir + " does not fit " + dir + ": " + m));
            return null;
        }
        model.warnings(data.dataset()).forEach(w -> err.println("warning: " + w));
        return new ModelOnData(model, data);
    }

    /** The dataset's images at the model's input size. */
    ImageCache images() {
        return new ImageCache(data.dataset().root(), model.info().inputSize());
    }
}
