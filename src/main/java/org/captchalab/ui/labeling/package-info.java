/**
 * The detail and labelling panel: the selected image large, the model's reading per position, and a label
 * editor that checks as you type, saves on Enter straight to the store, and undoes across saves.
 */
package org.captchalab.ui.labeling;
