package org.captchalab.dataset;

/**
 * What an image file says about itself before any pixel is decoded: its format ("png", "jpeg", "bmp", "gif")
 * and its size. Reading only this keeps a dataset scan fast and refuses huge images before they fill memory.
 */
public record ImageHeader(String format, int width, int height) {

    public ImageSize size() {
        return new ImageSize(width, height);
    }
}
