package org.captchalab.training;

import java.util.ArrayList;
import java.util.List;
import org.captchalab.dataset.Alphabet;
import org.captchalab.dataset.CaptchaSample;
import org.captchalab.dataset.ImageDecodeException;
import org.captchalab.dataset.ImageSize;
import org.captchalab.model.ImageCache;

/**
 * What a run trains on: a snapshot of the training and validation samples (labels already normalised and
 * checked), the alphabet and label length, and the cache that turns samples into model input bytes.
 * Taking a snapshot is what lets the user keep editing labels while a run trains.
 */
public record TrainingData(List<CaptchaSample> train, List<CaptchaSample> val, Alphabet alphabet, int labelLength,
                           ImageCache images) {

    public TrainingData {
        train = List.copyOf(train);
        val = List.copyOf(val);
        if (train.isEmpty()) {
            throw new IllegalArgumentException("no labelled training images");
        }
        for (CaptchaSample s : train) {
            check(s, alphabet, labelLength);
        }
        for (CaptchaSample s : val) {
            check(s, alphabet, labelLength);
        }
    }

    /**
     * The train and validation images of a dataset snapshot under a split (trainable images only: labelled and
     * not in a conflict), read through {@code cache}.
     */
    public static TrainingData of(org.captchalab.dataset.Dataset dataset, org.captchalab.dataset.SplitAssignment split,
                                  ImageCache cache) {
        List<CaptchaSample> usable = dataset.trainable();
        return new TrainingData(split.select(usable, org.captchalab.dataset.Split.TRAIN),
                split.select(usable, org.captchalab.dataset.Split.VAL), dataset.alphabet(), dataset.labelLength(), cache);
    }

    /**
     * This data without the train and validation images that do not decode, each of which is added to
     * {@code leftOut}; every other image is decoded into the cache. {@code stop} is asked between small chunks of
     * images, on this thread ({@link ImageCache#decodable(List, List, java.util.function.BooleanSupplier)}).
     *
     * @throws IllegalArgumentException when no training image decodes
     * @throws java.util.concurrent.CancellationException when {@code stop} said so before every image was decoded
     */
    public TrainingData decodable(List<ImageDecodeException> leftOut, java.util.function.BooleanSupplier stop) {
        List<CaptchaSample> t = images.decodable(train, leftOut, stop);
        List<CaptchaSample> v = images.decodable(val, leftOut, stop);
        return t == train && v == val ? this : new TrainingData(t, v, alphabet, labelLength, images);
    }

    /**
     * The most common size of the train and validation images as found on disk, before each is resized to the
     * input size: what run.json records as the size of the images the run was trained on.
     */
    public ImageSize imageSize() {
        List<ImageSize> sizes = org.captchalab.dataset.Dataset.sizesByCount(trainAndVal());
        return sizes.isEmpty() ? null : sizes.get(0);
    }

    /**
     * The other sizes among the train and validation images, most common first, at most {@code max} of them:
     * run.json records them so that images of those sizes are not called unlike the ones the run was trained on
     * (swust_cas_4char has three sizes).
     */
    public List<ImageSize> otherImageSizes(int max) {
        List<ImageSize> sizes = org.captchalab.dataset.Dataset.sizesByCount(trainAndVal());
        return sizes.subList(Math.min(1, sizes.size()), Math.min(sizes.size(), max + 1));
    }

    private List<CaptchaSample> trainAndVal() {
        List<CaptchaSample> all = new ArrayList<>(train);
        all.addAll(val);
        return all;
    }

    /** The network shape for this data and preset at the cache's input size. */
    public org.captchalab.model.NetworkSpec spec(org.captchalab.model.Preset preset) {
        return new org.captchalab.model.NetworkSpec(preset, images.size().width(), images.size().height(), labelLength,
                alphabet.size());
    }

    private static void check(CaptchaSample s, Alphabet alphabet, int length) {
        if (s.label() == null || s.label().length() != length || !alphabet.accepts(s.label())) {
            throw new IllegalArgumentException(s.path() + ": label '" + s.label() + "' does not fit length " + length
                    + " and alphabet " + alphabet.chars());
        }
    }
}
