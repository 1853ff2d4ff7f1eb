package org.captchalab.model;

/** One line of a network description: a layer's name, kind, output shape (H x W x C or features) and parameters. */
public record LayerSummary(String name, String kind, String outputShape, long parameters) {
}
