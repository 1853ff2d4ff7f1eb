package org.captchalab.ui;

import org.captchalab.ui.backend.DatasetOpener;
import org.captchalab.ui.backend.ModelService;

/** The implementations the window runs on: the real ones in the product, fakes in some tests. */
public record Backends(DatasetOpener opener, ModelService models) {
}
