/**
 * The workbench's view of the rest of the system: small interfaces (a dataset workspace, a model service, a
 * training session) that the ViewModels are written against, and their implementations over the real
 * dataset/store/model/training packages. Tests replace them with fakes; the product always runs on the real
 * ones.
 *
 * <p>Threading rule: every method here may block (disk, SQLite, ND4J) and must be called off the FX thread
 * unless its Javadoc says otherwise. Nothing here imports JavaFX.
 */
package org.captchalab.ui.backend;
