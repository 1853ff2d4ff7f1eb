package org.captchalab.model;

/** One character the network considers at a position, with its probability. */
public record Candidate(char character, double probability) {
}
