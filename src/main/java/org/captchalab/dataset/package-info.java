/**
 * Captcha datasets in plain Java: finding images, decoding them safely, label sources (labels.csv, file
 * names), alphabets and case rules, content hashes and conflicts, seeded splits, and the QQ-style sample
 * generator.
 *
 * <p>May import only the JDK and SLF4J: no JavaFX, no DL4J/ND4J, so its tests run in milliseconds.
 */
package org.captchalab.dataset;
