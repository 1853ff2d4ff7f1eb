package org.captchalab.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.captchalab.NativeBackend;
import org.captchalab.dataset.CaptchaSample;
import org.captchalab.model.CaptchaNetwork;
import org.captchalab.model.EvalReport;
import org.captchalab.model.Evaluator;
import org.captchalab.model.ImageCache;
import org.captchalab.model.ImageTensors;
import org.captchalab.model.ModelFolder;
import org.captchalab.model.Predictor;
import org.captchalab.model.RunInfo;
import org.captchalab.model.TestTimeShifts;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.VariableType;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Not a test: averages the trainable weights of saved runs of one lineage (a "model soup"; runs fine-tuned from
 * one another), sets the batch-norm population statistics again from training images, and reads a split with one
 * view and with nine. With a single run it shows how much the batch-norm statistics alone move the figures.
 *
 * <pre>
 * java [-Dprobe.calFrom=0] [-Dprobe.calCount=2000] -cp target/classes:target/test-classes:$(cat target/cp.txt) \
 *     org.captchalab.cli.WeightAverageProbe DATASET_DIR SPLIT MODEL_DIR...
 * </pre>
 */
public final class WeightAverageProbe {

    public static void main(String[] args) throws Exception {
        NativeBackend.select();
        Path dir = Path.of(args[0]);
        String split = args[1];
        List<Path> models = new ArrayList<>();
        for (int i = 2; i < args.length; i++) {
            models.add(Path.of(args[i]));
        }
        ModelOnData first = ModelOnData.open(models.get(0), dir, new DatasetArgs(), new PrintWriter(System.err, true));
        RunInfo info = ModelFolder.readInfo(models.get(0));
        SameDiff base = SameDiff.load(models.get(0).resolve(ModelFolder.NETWORK).toFile(), false);
        Map<String, INDArray> sums = new HashMap<>();
        for (int m = 0; m < models.size(); m++) {
            SameDiff sd = m == 0 ? base : SameDiff.load(models.get(m).resolve(ModelFolder.NETWORK).toFile(), false);
            for (SDVariable v : sd.variables()) {
                if (v.getVariableType() == VariableType.VARIABLE) {
                    sums.merge(v.name(), v.getArr().castTo(DataType.DOUBLE), INDArray::addi);
                }
            }
        }
        for (Map.Entry<String, INDArray> e : sums.entrySet()) {
            base.getArrForVarName(e.getKey()).assign(e.getValue().divi(models.size()));
        }
        Path file = Files.createTempFile("averaged", ".sdz");
        base.save(file.toFile(), false);
        CaptchaNetwork net = CaptchaNetwork.load(file, info.spec(), 1e-3, false);
        Files.delete(file);

        ImageCache images = first.images();
        int from = Integer.getInteger("probe.calFrom", 0);
        int count = Integer.getInteger("probe.calCount", 2_000);
        List<CaptchaSample> train = first.data().samples("train").subList(from, from + count);
        List<INDArray> batches = new ArrayList<>();
        for (int b = 0; b + 64 <= train.size(); b += 64) {
            List<byte[]> batch = new ArrayList<>();
            for (CaptchaSample s : train.subList(b, b + 64)) {
                batch.add(images.get(s));
            }
            batches.add(ImageTensors.images(batch, info.spec()));
        }
        net.calibrateNormalisation(batches);

        List<byte[]> pixels = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        for (CaptchaSample s : first.data().samples(split)) {
            pixels.add(images.get(s));
            labels.add(s.label());
        }
        Predictor p = new Predictor(net, info.alphabetValue(), 1.0);
        EvalReport one = Evaluator.evaluate(p, pixels, labels);
        EvalReport nine = Evaluator.evaluate(p.withShifts(TestTimeShifts.CROSS), pixels, labels);
        System.out.printf(Locale.ROOT, "%d run(s), batch norm from train images %d-%d: %s %d images, one view %.2f%% (loss %.4f), nine views %.2f%%%n",
                models.size(), from, from + count, split, one.count(), 100 * one.sequenceAccuracy(), one.loss(), 100 * nine.sequenceAccuracy());
    }
}
