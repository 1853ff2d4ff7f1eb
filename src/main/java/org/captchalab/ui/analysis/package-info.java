/**
 * Error analysis: a confusion matrix per position as a heat map (clicking a cell filters the grid to exactly
 * those images) and per-position accuracy bars. Counting runs in the background over a snapshot of rows.
 */
package org.captchalab.ui.analysis;
