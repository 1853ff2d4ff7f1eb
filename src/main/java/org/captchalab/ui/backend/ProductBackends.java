package org.captchalab.ui.backend;

import java.nio.file.Path;
import org.captchalab.ui.Backends;

/**
 * The real backends over the dataset, store and model packages. Runs live in {@code models/} of the working
 * directory (the repository root), where the shipped model is.
 */
public final class ProductBackends {

    private ProductBackends() {
    }

    public static Backends create() {
        Path models = Path.of("models").toAbsolutePath();
        return new Backends(folder -> StoreWorkspace.open(folder, models), new Dl4jModelService());
    }
}
