/**
 * Pieces every feature of the workbench shares: the immutable sample rows and predictions the views show,
 * the dataset model owned by the FX thread, label rules, and the background runner that keeps slow work off
 * the FX thread.
 */
package org.captchalab.ui.shared;
