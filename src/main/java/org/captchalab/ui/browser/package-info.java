/**
 * The dataset view: a virtualised grid of crisp, scaled-up thumbnails with label and prediction under each,
 * filters with counts, sorting and label-pattern search. Filtering and thumbnail decoding run off the FX
 * thread.
 */
package org.captchalab.ui.browser;
