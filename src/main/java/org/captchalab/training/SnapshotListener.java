package org.captchalab.training;

import org.captchalab.model.Predictor;

/**
 * Receives a copy of the network at each epoch's end, to predict with while the run trains on. Registered apart from
 * {@link TrainingListener} ({@link TrainingJob#addSnapshotListener}) because the copy costs time and native memory at
 * every epoch: a job makes one only when a snapshot listener has asked for it.
 */
@FunctionalInterface
public interface SnapshotListener {

    /**
     * A copy of the network as of the end of epoch {@code epoch}, safe to predict with on any thread while training
     * continues (never the network being trained). Called on the training thread, so it must be quick; one that
     * throws an exception is logged and ignored.
     */
    void snapshot(int epoch, Predictor predictor);
}
