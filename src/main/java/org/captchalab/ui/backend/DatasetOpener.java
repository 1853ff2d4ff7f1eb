package org.captchalab.ui.backend;

import java.nio.file.Path;

/** Opens a dataset folder with its store. Blocks (scans the folder); call it off the FX thread. */
@FunctionalInterface
public interface DatasetOpener {
    Workspace open(Path folder) throws Exception;
}
