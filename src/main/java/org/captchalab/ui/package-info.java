/**
 * The JavaFX workbench: the application, the main window and one sub-package per feature, each a View
 * (FXML beside it) and a ViewModel. Long work runs off the FX thread.
 */
package org.captchalab.ui;
