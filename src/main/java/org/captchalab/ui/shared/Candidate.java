package org.captchalab.ui.shared;

/** One candidate character at one position with its probability. */
public record Candidate(char character, double probability) {
}
