/**
 * The training panel: hyper-parameters, augmentation preview, start/pause/stop, progress, live charts fed
 * from a queue drained a few times per second, and the list of saved runs to load or compare.
 */
package org.captchalab.ui.training;
