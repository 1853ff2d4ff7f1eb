/**
 * The multi-head CNN: network presets, image-to-tensor encoding, batching, prediction, saving and loading.
 *
 * <p>May import {@code dataset}, {@code store} and DL4J/ND4J; never JavaFX.
 */
package org.captchalab.model;
