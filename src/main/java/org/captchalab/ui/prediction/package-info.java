/**
 * The model's readings: the per-position panel (best character, probability, top three as bars) and the
 * background refresh that predicts the whole dataset with an immutable, loaded model.
 */
package org.captchalab.ui.prediction;
