package org.captchalab.model;

/** At {@code position}, {@code count} images whose true character {@code truth} was read as {@code predicted}. */
public record Confusion(int position, char truth, char predicted, int count) {
}
