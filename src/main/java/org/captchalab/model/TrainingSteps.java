package org.captchalab.model;

import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.nd4j.autodiff.listeners.At;
import org.nd4j.autodiff.listeners.Loss;
import org.nd4j.autodiff.listeners.Operation;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.TrainingConfig;
import org.nd4j.autodiff.samediff.VariableType;
import org.nd4j.autodiff.samediff.internal.TrainingSession;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;

/**
 * One optimiser step through a reused {@link TrainingSession}, the engine inside {@code SameDiff.fit}.
 *
 * <p>Why: each {@code SameDiff.fit(MultiDataSet)} call builds a new TrainingSession, a History and a
 * HistoryListener, and walks every variable to find the trainable ones; for one minibatch at a time that
 * set-up is repeated every step. Here it is done once. The first step of a network still goes through
 * {@code fit} (which creates the gradient function and Adam's state, or adopts the state loaded from a
 * checkpoint), so this class only ever continues what SameDiff set up, with the same updater objects, and
 * checkpoints save exactly that state. The iteration counter is advanced as {@code fit} does (Adam's bias
 * correction reads it).
 */
final class TrainingSteps {

    private final SameDiff sd;
    private final TrainingSession session;
    private final Set<String> params = new LinkedHashSet<>();
    /** Extra SameDiff listeners for a step (profiling in benchmarks); empty in normal use. */
    List<org.nd4j.autodiff.listeners.Listener> listeners = Collections.emptyList();

    TrainingSteps(SameDiff sd) {
        this.sd = sd;
        SameDiff grad = sd.getFunction("grad");
        grad.setTrainingConfig(sd.getTrainingConfig());
        this.session = new TrainingSession(grad);
        for (SDVariable v : sd.variables()) {
            if (v.getVariableType() == VariableType.VARIABLE) {
                params.add(v.name());
            }
        }
    }

    double[] step(MultiDataSet batch) {
        TrainingConfig cfg = sd.getTrainingConfig();
        Map<String, INDArray> placeholders = new HashMap<>();
        List<String> f = cfg.getDataSetFeatureMapping();
        for (int i = 0; i < f.size(); i++) {
            placeholders.put(f.get(i), batch.getFeatures(i));
        }
        List<String> l = cfg.getDataSetLabelMapping();
        for (int i = 0; i < l.size(); i++) {
            placeholders.put(l.get(i), batch.getLabels(i));
        }
        At at = At.builder().epoch(cfg.getEpochCount()).iteration(cfg.getIterationCount()).trainingThreadNum(0)
                .javaThreadNum(Thread.currentThread().getId()).operation(Operation.TRAINING).build();
        Loss loss = session.trainingIteration(cfg, placeholders, params, sd.getUpdaterMap(), batch,
                sd.getLossVariables(), listeners, at);
        cfg.incrementIterationCount();
        return loss.getLosses().clone();
    }
}
