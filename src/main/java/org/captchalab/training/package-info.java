/**
 * The background training job: its config record, the listener interface with iteration and epoch
 * metrics, checkpoints, resume, early stopping, augmentation and saved runs.
 *
 * <p>May import {@code dataset}, {@code store}, {@code model} and DL4J/ND4J; never JavaFX.
 */
package org.captchalab.training;
