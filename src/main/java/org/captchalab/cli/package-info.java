/**
 * The headless subcommands (generate, info, relabel, export, train, eval, predict, bench, describe, ui).
 * They print to the console and reuse every core package; they never touch {@code ui}.
 */
package org.captchalab.cli;
