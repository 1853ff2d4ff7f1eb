package org.captchalab.training;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.captchalab.dataset.CaptchaSample;
import org.captchalab.dataset.ImageDecodeException;
import org.captchalab.model.CaptchaNetwork;
import org.captchalab.model.EvalReport;
import org.captchalab.model.Evaluator;
import org.captchalab.model.ImageTensors;
import org.captchalab.model.ModelFolder;
import org.captchalab.model.ModelFormatException;
import org.captchalab.model.Predictor;
import org.captchalab.training.TrainingResult.Status;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The epoch/minibatch loop of one {@link TrainingJob}; lives only for one {@code run()}. */
final class TrainingLoop {

    private static final Logger LOG = LoggerFactory.getLogger(TrainingLoop.class);

    private final TrainingJob job;
    private final TrainingConfig config;
    /** The job's data; once the images are decoded, without those that would not decode. */
    private TrainingData data;
    private final Augmenter augmenter;
    private final List<EpochMetrics> history = new ArrayList<>();
    private CaptchaNetwork net;
    private CaptchaNetwork best;
    private int bestEpoch;
    private double bestValAccuracy = ValidationScore.NONE.sequenceAccuracy();
    private double bestValLoss = ValidationScore.NONE.loss();
    private int epochsWithoutImprovement;
    private int iteration;
    private int startEpoch;
    private double trainingSeconds;
    private String lastCheckpointFile;
    /** The file in the checkpoint folder that holds {@link #best}, as the next record is to name it. */
    private String bestFile;

    TrainingLoop(TrainingJob job) {
        this.job = job;
        this.config = job.config();
        this.data = job.data();
        this.augmenter = config.augment() ? Augmenter.standard(data.images().size(), config.augmentStrength()) : null;
    }

    TrainingResult run() throws IOException, ImageDecodeException {
        // the network first: a damaged checkpoint or starting run is reported before minutes of decoding images
        if (job.checkpoint() != null) {
            try {
                restore();
            } catch (ModelFormatException e) {
                throw new ModelFormatException("cannot resume the checkpoint in " + job.checkpointDir() + ": "
                        + e.getMessage() + "; choose another --out, or delete " + job.checkpointDir().getParent()
                        + " to train afresh", e);
            }
        } else if (config.initFrom() != null) {
            // the saved run's weights, a fresh Adam state, this run's learning rate
            try {
                net = CaptchaNetwork.load(config.initFrom().resolve(ModelFolder.NETWORK), job.spec(), config.learningRate(), false);
            } catch (ModelFormatException e) {
                throw new ModelFormatException("cannot start from " + config.initFrom() + ": " + e.getMessage(), e);
            }
            net.setLearningRate(config.learningRate());
            String msg = "starting from the weights of " + config.initFrom();
            LOG.info(msg);
            job.notifyListeners(l -> l.message(msg));
        } else {
            net = CaptchaNetwork.create(job.spec(), config.seed(), config.learningRate());
        }
        // a stop while the network loaded (a large checkpoint takes seconds), or while the images decode, ends the
        // run before its next epoch: with the checkpoint's best network and history when it resumed one, else none
        job.awaitIfPaused();
        if (job.stopRequested()) {
            return stoppedBeforeEpoch("stopped before epoch " + (startEpoch + 1));
        }
        if (!prepareImages()) {
            return stoppedBeforeEpoch("stopped while decoding the images, before epoch " + (startEpoch + 1));
        }
        // not saved with the network: a resumed run takes it from its configuration, as it does the learning rate
        net.setWeightDecay(config.weightDecay());
        List<CaptchaSample> trainEval = trainEvalSubset();
        long limitNanos = config.timeLimit() == null ? Long.MAX_VALUE : config.timeLimit().toNanos();
        long trainedNanos = (long) (trainingSeconds * 1e9);
        Status status = Status.COMPLETED;
        String message = null;
        int firstEpoch = startEpoch + 1;
        if (patienceRunOut()) {
            // a checkpoint written at the epoch that triggered early stopping: the run is over, resuming trains no more
            status = Status.EARLY_STOPPED;
            message = earlyStopMessage();
            firstEpoch = config.epochs() + 1;
        }
        for (int epoch = firstEpoch; epoch <= config.epochs(); epoch++) {
            double rate = LearningRateSchedule.rateAfter(history, config.learningRate(), config.lrPatience());
            if (rate != net.learningRate()) {
                net.setLearningRate(rate);
                String msg = String.format(java.util.Locale.ROOT, "learning rate %.3g from epoch %d", rate, epoch);
                LOG.info(msg);
                job.notifyListeners(l -> l.message(msg));
            }
            List<Integer> order = shuffled(epoch);
            int batches = (order.size() + config.batchSize() - 1) / config.batchSize();
            double lossSum = 0;
            long epochStart = System.nanoTime();
            long pausedInEpoch = 0;
            int seen = 0;
            boolean interrupted = false;
            for (int b = 0; b < batches; b++) {
                long paused = job.awaitIfPaused();
                pausedInEpoch += paused;
                if (job.stopRequested()) {
                    status = Status.STOPPED;
                    message = "stopped at epoch " + epoch + ", minibatch " + b;
                    interrupted = true;
                    break;
                }
                if (trainedNanos + (System.nanoTime() - epochStart - pausedInEpoch) > limitNanos) {
                    status = Status.TIME_LIMIT;
                    message = "time limit reached at epoch " + epoch + ", minibatch " + b;
                    interrupted = true;
                    break;
                }
                List<Integer> idx = order.subList(b * config.batchSize(), Math.min(order.size(), (b + 1) * config.batchSize()));
                double[] losses = step(epoch, idx);
                double total = 0;
                for (double l : losses) {
                    total += l;
                }
                iteration++;
                if (!Double.isFinite(total)) {
                    return nanFailure(epoch, b + 1);
                }
                lossSum += total * idx.size();
                seen += idx.size();
                double secs = (System.nanoTime() - epochStart - pausedInEpoch) / 1e9;
                IterationMetrics m = new IterationMetrics(epoch, iteration, b + 1, batches, losses, total, seen / secs);
                job.notifyListeners(l -> l.iterationDone(m));
            }
            double epochSeconds = (System.nanoTime() - epochStart - pausedInEpoch) / 1e9;
            trainedNanos += (long) (epochSeconds * 1e9);
            trainingSeconds = trainedNanos / 1e9;
            if (interrupted) {
                break;
            }
            EpochMetrics em = endEpoch(epoch, lossSum / Math.max(1, seen), epochSeconds, seen / epochSeconds, trainEval);
            if (patienceRunOut()) {
                status = Status.EARLY_STOPPED;
                message = earlyStopMessage();
                LOG.info("{} after epoch {}", message, em.epoch());
                break;
            }
        }
        CaptchaNetwork result = best != null ? best : net;
        return new TrainingResult(status, message == null ? (config.epochs() == 1 ? "1 epoch done" : "all " + config.epochs() + " epochs done") : message,
                history, bestEpoch, result);
    }

    private boolean patienceRunOut() {
        return config.patienceRunOut(epochsWithoutImprovement);
    }

    private String earlyStopMessage() {
        // the loss too: between epochs of equal accuracy the lower loss is the better (ValidationScore)
        return "validation did not improve for " + config.patience() + " epochs (best at epoch " + bestEpoch
                + String.format(java.util.Locale.ROOT, ": accuracy %.4f, loss %.4f)", bestValAccuracy, bestValLoss);
    }

    /**
     * Decodes the images (the job leaves out those that will not decode); every later epoch reads the cache.
     *
     * @return false when the run was stopped before they were all decoded
     */
    private boolean prepareImages() {
        if (!job.leaveOutUndecodable()) {
            return false;
        }
        data = job.data();
        return true;
    }

    private TrainingResult stoppedBeforeEpoch(String message) {
        LOG.info(message);
        return new TrainingResult(Status.STOPPED, message, history, bestEpoch, best != null ? best : net);
    }

    private double[] step(int epoch, List<Integer> idx) throws ImageDecodeException {
        List<byte[]> images = new ArrayList<>(idx.size());
        List<String> labels = new ArrayList<>(idx.size());
        for (int i : idx) {
            CaptchaSample s = data.train().get(i);
            byte[] img = data.images().get(s);
            if (augmenter != null) {
                img = augmenter.augment(img, new Random(mix(config.seed(), epoch, i)));
            }
            images.add(img);
            labels.add(s.label());
        }
        INDArray x = ImageTensors.images(images, job.spec());
        INDArray[] y = ImageTensors.labels(labels, data.alphabet(), data.labelLength());
        return net.fit(x, y, mix(config.seed(), iteration, 0x5eed));
    }

    private EpochMetrics endEpoch(int epoch, double trainLoss, double seconds, double ips, List<CaptchaSample> trainEval)
            throws IOException, ImageDecodeException {
        long t1 = System.nanoTime();
        calibrate(trainEval);
        // over the network being trained, which is still while it scores; no lane copies (see Predictor.oneStream)
        Predictor scorer = Predictor.oneStream(net, data.alphabet());
        EvalReport tr = Evaluator.evaluate(scorer, data.images().getAll(trainEval), labels(trainEval));
        EvalReport va = data.val().isEmpty() ? tr : Evaluator.evaluate(scorer, data.images().getAll(data.val()), labels(data.val()));
        EpochMetrics em = new EpochMetrics(epoch, trainLoss, va.loss(), tr.positionAccuracy(), tr.sequenceAccuracy(),
                va.positionAccuracy(), va.sequenceAccuracy(), seconds, ips);
        history.add(em);
        long t2 = System.nanoTime();
        CaptchaNetwork newBest = null;
        if (new ValidationScore(va.sequenceAccuracy(), va.loss())
                .betterThan(new ValidationScore(bestValAccuracy, bestValLoss))) {
            bestValAccuracy = va.sequenceAccuracy();
            bestValLoss = va.loss();
            bestEpoch = epoch;
            best = net.copy();
            newBest = best;
            bestFile = Checkpoint.bestFileOf(epoch);
            epochsWithoutImprovement = 0;
        } else {
            epochsWithoutImprovement++;
        }
        long t3 = System.nanoTime();
        job.notifyListeners(l -> l.epochDone(em));
        job.publishSnapshot(epoch, net);
        long t4 = System.nanoTime();
        if (job.checkpointDir() != null) {
            // the best network is saved with the record that names it, never before a record of an earlier epoch
            String file = Checkpoint.networkFileOf(epoch);
            var spec = job.spec();
            Checkpoint.write(job.checkpointDir(), net, newBest, new Checkpoint(epoch, iteration, bestEpoch,
                    bestValAccuracy, bestValLoss, epochsWithoutImprovement, trainingSeconds, file, bestFile, history,
                    spec.preset().id(), spec.width(), spec.height(), data.alphabet().chars(), spec.length(),
                    spec.classes()));
            lastCheckpointFile = file;
        }
        LOG.info("epoch {} end: evaluate {} ms, best copy {} ms, snapshot {} ms, checkpoint {} ms", epoch,
                (t2 - t1) / 1_000_000, (t3 - t2) / 1_000_000, (t4 - t3) / 1_000_000,
                (System.nanoTime() - t4) / 1_000_000);
        return em;
    }

    /**
     * Batch-norm population statistics from the un-augmented training images scored for the train accuracy (or,
     * when none are, the first 2,000 training images), in minibatches of the training size (only whole ones,
     * unless there are too few images for one).
     */
    private void calibrate(List<CaptchaSample> samples) throws ImageDecodeException {
        if (!net.normalises()) {
            return;
        }
        List<CaptchaSample> source = samples.isEmpty() ? data.train().subList(0, Math.min(data.train().size(), 2_000)) : samples;
        List<byte[]> images = data.images().getAll(source);
        int size = Math.min(config.batchSize(), images.size());
        List<INDArray> batches = new ArrayList<>();
        for (int from = 0; from + size <= images.size(); from += size) {
            batches.add(ImageTensors.images(images.subList(from, from + size), job.spec()));
        }
        net.calibrateNormalisation(batches);
    }

    private void restore() {
        // the checkpoint as the job read it: an old one's network was read then, to learn its shape, and is this one
        Checkpoint.Opened opened = job.checkpoint();
        Checkpoint c = opened.record();
        net = opened.network() != null ? opened.network()
                : c.loadNetwork(job.checkpointDir(), job.spec(), config.learningRate());
        startEpoch = c.epoch();
        iteration = c.iteration();
        bestEpoch = c.bestEpoch();
        bestValAccuracy = c.bestValAccuracy();
        bestValLoss = c.bestLoss();
        epochsWithoutImprovement = c.epochsWithoutImprovement();
        trainingSeconds = c.trainingSeconds();
        lastCheckpointFile = c.networkFile();
        history.addAll(c.history());
        // the best network the record names: of the epoch its best figures are (see Checkpoint.write)
        bestFile = c.bestNetworkFile();
        best = c.loadBest(job.checkpointDir(), job.spec(), config.learningRate());
        String msg = "resumed after epoch " + startEpoch + " (iteration " + iteration + ")";
        LOG.info(msg);
        job.notifyListeners(l -> l.message(msg));
    }

    private TrainingResult nanFailure(int epoch, int batch) {
        String kept = lastCheckpointFile != null ? "; the last good checkpoint (epoch " + history.get(history.size() - 1).epoch()
                + ") is kept" : "";
        String msg = "the loss became NaN or infinite at epoch " + epoch + ", minibatch " + batch
                + ": training stopped" + kept + "; try a lower learning rate (--lr)";
        LOG.warn(msg);
        return new TrainingResult(Status.FAILED, msg, history, bestEpoch, best);
    }

    private List<CaptchaSample> trainEvalSubset() {
        if (data.train().size() <= config.trainEvalLimit()) {
            return data.train();
        }
        List<Integer> order = shuffled(-1);
        List<CaptchaSample> out = new ArrayList<>();
        for (int i : order.subList(0, config.trainEvalLimit())) {
            out.add(data.train().get(i));
        }
        return out;
    }

    private List<Integer> shuffled(int epoch) {
        List<Integer> order = new ArrayList<>(IntStream.range(0, data.train().size()).boxed().toList());
        Collections.shuffle(order, new Random(mix(config.seed(), epoch, 0)));
        return order;
    }

    private static List<String> labels(List<CaptchaSample> samples) {
        return samples.stream().map(CaptchaSample::label).toList();
    }

    /** A well-mixed 64-bit seed from three numbers (SplitMix64 finaliser). */
    static long mix(long a, long b, long c) {
        long z = a * 0x9E3779B97F4A7C15L + b * 0xBF58476D1CE4E5B9L + c * 0x94D049BB133111EBL;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
