package org.captchalab.model;

import java.io.Serializable;
import java.util.List;
import org.nd4j.evaluation.IEvaluation;
import org.nd4j.evaluation.IMetric;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A do-nothing "evaluation" registered on each loss variable so that SameDiff computes the losses.
 *
 * <p>Why it exists: in SameDiff 1.0.0-M2.1 a training iteration computes only what the gradients need, and
 * the softmax cross-entropy gradient comes straight from logits and labels, so the forward loss ops never run
 * and {@code Listener.iterationDone} reports 0 for every loss. Variables named as training evaluations are
 * the one thing TrainingSession adds to the required activations (listeners' requiredVariables are not
 * consulted for training), so registering this on each {@code loss<i>} makes SameDiff run the loss ops; their
 * values then reach listeners through {@code Loss} as intended. The cost is a tiny reduction per head.
 */
public final class LossReading implements IEvaluation<LossReading> {

    private static final long serialVersionUID = 1L;

    private transient double value = Double.NaN;

    public double value() {
        return value;
    }

    @Override
    public void eval(INDArray labels, INDArray networkPredictions) {
        value = networkPredictions.sumNumber().doubleValue();
    }

    @Override
    public void eval(INDArray labels, INDArray networkPredictions, List<? extends Serializable> recordMetaData) {
        eval(labels, networkPredictions);
    }

    @Override
    public void eval(INDArray labels, INDArray networkPredictions, INDArray maskArray, List<? extends Serializable> recordMetaData) {
        eval(labels, networkPredictions);
    }

    @Override
    public void eval(INDArray labels, INDArray networkPredictions, INDArray maskArray) {
        eval(labels, networkPredictions);
    }

    @Override
    public void evalTimeSeries(INDArray labels, INDArray predicted) {
        eval(labels, predicted);
    }

    @Override
    public void evalTimeSeries(INDArray labels, INDArray predicted, INDArray labelsMaskArray) {
        eval(labels, predicted);
    }

    @Override
    public void merge(LossReading other) {
        value = other.value;
    }

    @Override
    public void reset() {
        value = Double.NaN;
    }

    @Override
    public String stats() {
        return "loss " + value;
    }

    @Override
    public String toJson() {
        return "{}";
    }

    @Override
    public String toYaml() {
        return "";
    }

    @Override
    public double getValue(IMetric metric) {
        return value;
    }

    @Override
    public LossReading newInstance() {
        return new LossReading();
    }
}
