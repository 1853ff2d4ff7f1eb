package org.captchalab.ui.backend;

import org.captchalab.ui.Backends;

/** The real backends over the dataset, store, model and training packages. */
public final class ProductBackends {

    private ProductBackends() {
    }

    public static Backends create() {
        throw new UnsupportedOperationException("the dataset and model packages are not wired yet");
    }
}
