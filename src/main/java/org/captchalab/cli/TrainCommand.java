package org.captchalab.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.captchalab.dataset.Alphabet;
import org.captchalab.dataset.CaptchaSample;
import org.captchalab.dataset.ErrorLines;
import org.captchalab.dataset.ImageDecodeException;
import org.captchalab.dataset.ImageSize;
import org.captchalab.dataset.OutputTargets;
import org.captchalab.dataset.Problem;
import org.captchalab.dataset.Split;
import org.captchalab.model.ImageCache;
import org.captchalab.model.ModelFolder;
import org.captchalab.model.NetworkSpec;
import org.captchalab.model.Preset;
import org.captchalab.model.RunInfo;
import org.captchalab.training.Checkpoint;
import org.captchalab.training.Dashboard;
import org.captchalab.training.DashboardException;
import org.captchalab.training.RunFinisher;
import org.captchalab.training.TrainingConfig;
import org.captchalab.training.TrainingData;
import org.captchalab.training.TrainingJob;
import org.captchalab.training.TrainingResult;
import org.captchalab.training.TrainingStats;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code train DIR --preset P --out MODEL_DIR}: trains on the train split, early-stops on validation, reports
 * the test split and saves the run. An interrupted run (time limit, failure) keeps its checkpoint in
 * {@code MODEL_DIR/checkpoint}; the same command then resumes it.
 */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train a network on a dataset's train split (early stopping on val, test reported) and save the run.")
public final class TrainCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DIR", description = "the dataset folder")
    Path dir;

    @Mixin
    DatasetArgs datasetArgs;

    @Mixin
    TrainingOptions training;

    @Option(names = "--out", required = true, paramLabel = "MODEL_DIR", description = "where the run is saved, e.g. models/qq-strong")
    Path out;

    @Override
    public Integer call() throws Exception {
        PrintWriter o = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        // the command line first (exit 2), then the output folder, then the dataset: nothing is read before it is checked
        TrainingConfig config = training.config();
        datasetArgs.options(); // --length, --alphabet and --input-size too, before the output folder is looked at
        checkInputSize(config.preset());
        // a refused output location (a file, a read-only folder), as for generate --out and export --out
        OutputTargets.folderRefusal(out).ifPresent(why -> {
            throw new UsageError("--out " + out + ": " + why + "; choose another --out");
        });
        Path checkpoints = out.resolve("checkpoint");
        Checkpoint.Opened opened = null;
        Checkpoint resumed = null;
        if (Checkpoint.exists(checkpoints)) {
            // read once: the job below resumes from this (an old record's network read for its preset included)
            opened = Checkpoint.open(checkpoints, config.learningRate());
            resumed = opened.record();
            if (resumed.preset() != null && !resumed.preset().equals(config.preset().id())) {
                err.println("error: the checkpoint in " + checkpoints + " was started with preset " + resumed.preset()
                        + ", not " + config.preset().id() + ": give --preset " + resumed.preset()
                        + " to resume it, or choose another --out to train afresh");
                return 1;
            }
        } else if (ModelFolder.holdsRun(out)) {
            // a finished run has no checkpoint left: training would start from scratch and overwrite it
            err.println("error: " + out + " already holds a trained run; choose another --out, or delete it to train afresh");
            return 1;
        } else if (Files.exists(out.resolve(ModelFolder.METRICS_CSV))) {
            // not a run of ours (it would have run.json): someone's file that saving the run would replace
            err.println("error: " + out + " already holds " + ModelFolder.METRICS_CSV + ", which saving the run would"
                    + " write over; choose another --out, or move that file away");
            return 1;
        } else if (Files.exists(out.resolve(TrainingStats.FILE), LinkOption.NOFOLLOW_LINKS)) {
            // a run of ours that ends before any epoch removes its own, and one that got further has a checkpoint or
            // run.json; only one killed in its first epoch leaves it, and training records a new session into that.
            // Anything DL4J cannot open as statistics is someone else's file, which training would write over
            String notStats = statisticsRefusal(out.resolve(TrainingStats.FILE));
            if (notStats != null) {
                err.println("error: " + notStats + ", and training would write over it; choose another --out, or move"
                        + " that file away");
                return 1;
            }
        }
        DatasetArgs asGiven = datasetArgs.copy();
        RunInfo startingRun = null;
        Path initFrom = config.initFrom();
        if (initFrom != null) {
            startingRun = ModelFolder.readInfo(initFrom);
            datasetArgs.defaultsFrom(startingRun);
        }
        SplitData sd = SplitData.load(dir, datasetArgs);
        if (sd.notice() != null) {
            err.println("note: " + sd.notice());
        }
        List<CaptchaSample> train = sd.samples(Split.TRAIN);
        List<CaptchaSample> val = sd.samples(Split.VAL);
        List<CaptchaSample> test = sd.samples(Split.TEST);
        if (train.isEmpty() || sd.dataset().alphabet() == null) {
            List<String> misfits = startingRun == null ? List.of() : startingRun.misfits(asGiven.load(dir));
            if (!misfits.isEmpty()) {
                // the saved run's alphabet and length left every label out: say so, not that there are no labels
                err.println("error: --init-from " + initFrom + " does not fit " + dir + ": " + String.join("; ", misfits));
            } else {
                // e.g. every image unreadable: what the loader said of them is the reason
                sd.problemsNote().ifPresent(n -> err.println("note: " + n));
                err.println("error: " + dir + " has no labelled training images");
            }
            return 1;
        }
        // some images left out (all of them is the error above); before the check below, as they may be why
        // no image is left for validation
        boolean byStartingRun = startingRun != null
                && sd.leftOut().stream().anyMatch(p -> p.kind() == Problem.Kind.LABEL_MISFIT);
        String givenBy = byStartingRun ? "with the alphabet and length of --init-from " + initFrom + ", " : "";
        sd.problemsNote().ifPresent(n -> err.println("note: " + givenBy + n));
        if (val.isEmpty()) {
            // early stopping, the learning-rate schedule and the saved run's figures are all measured on validation
            err.println("error: " + dir + " has no validation images (" + train.size() + " train, 0 val, " + test.size()
                    + " test): training is judged on them; label more images (a tenth of them go to validation)");
            return 1;
        }
        ImageSize size = config.preset().inputSizeFor(sd.dataset().inputSize());
        ImageCache cache = new ImageCache(sd.dataset().root(), size);
        TrainingData data = TrainingData.of(sd.dataset(), sd.split(), cache);
        Alphabet keptFromCheckpoint = resumed == null || asGiven.alphabet != null ? null
                : resumed.alphabetHolding(data.alphabet());
        if (keptFromCheckpoint != null) {
            // labels corrected since the run started no longer use some of its characters: it goes on with all of
            // them (class k is its k-th character); labels with a character it lacks are still refused below
            err.println("note: the labels no longer use " + data.alphabet().outside(keptFromCheckpoint.chars())
                    + "; the checkpoint's run keeps its alphabet "
                    + keptFromCheckpoint.chars());
            data = new TrainingData(data.train(), data.val(), keptFromCheckpoint, data.labelLength(), cache);
        }
        NetworkSpec netSpec = data.spec(config.preset());
        TrainingJob job;
        try {
            // the job refuses a checkpoint started with other data or options, before any image is decoded
            job = new TrainingJob(config, data, netSpec, checkpoints, opened);
        } catch (TrainingJob.NotResumable e) {
            err.println("error: " + e.getMessage()
                    + ": resume it on the data and with the options it was started with, or choose another --out to train afresh");
            return 1;
        }
        o.printf(Locale.ROOT, "%s: %d train, %d val, %d test images; alphabet %s (%d), length %d, input %s%s; preset %s%n",
                dir, train.size(), val.size(), test.size(), data.alphabet().chars(), data.alphabet().size(),
                data.labelLength(), size, size.equals(sd.dataset().inputSize()) ? "" : " (resized from " + sd.dataset().inputSize() + ")",
                config.preset().id());
        if (resumed != null) {
            o.println("resuming from " + checkpoints + " (epoch " + resumed.epoch() + ")"
                    + (initFrom != null ? "; --init-from chose the weights this run started from, the checkpoint holds where it is now" : ""));
            // only when the limit is what holds it back: a run with all its epochs done, or whose patience has run
            // out, trains no more under any limit, and the loop's own message says why
            boolean epochsLeft = resumed.epoch() < config.epochs()
                    && !config.patienceRunOut(resumed.epochsWithoutImprovement());
            if (epochsLeft && config.timeLimit() != null && resumed.trainingSeconds() * 1e9 >= config.timeLimit().toNanos()) {
                // the run is still finished and saved as its checkpoint left it (a process killed before saving
                // needs exactly that), but the user should not read what follows as the result of more training
                err.println("note: this run has already trained for " + duration(resumed.trainingSeconds())
                        + ", all of its --time-limit of " + duration(config.timeLimit().toMillis() / 1000.0)
                        + " (the limit counts the training of all its processes), so no epoch will be trained;"
                        + " give a larger --time-limit to train on");
            }
        }
        job.addListener(new ConsoleProgress(o, err, System.console() != null));
        Path statsFile = out.resolve(TrainingStats.FILE);
        boolean outBefore = Files.exists(out);
        boolean statsBefore = Files.exists(statsFile, LinkOption.NOFOLLOW_LINKS);
        TrainingStats stats = TrainingStats.open(statsFile, config);
        job.addListener(stats);
        TrainingResult result;
        try {
            result = job.run();
        } finally {
            stats.close();
        }
        boolean nothingSaved = !result.succeeded() || result.history().isEmpty() && !Checkpoint.exists(checkpoints);
        int epochAtStart = resumed == null ? 0 : resumed.epoch();
        if (nothingSaved && !statsBefore && checkpointEpoch(checkpoints) == epochAtStart) {
            // ended before any epoch of its own, saving nothing: leave no trace of this attempt in --out
            Files.deleteIfExists(statsFile);
            if (!outBefore) {
                deleteIfEmpty(out);
            }
        }
        if (!result.succeeded()) {
            err.println("error: " + result.message());
            return 1;
        }
        o.println(result.message() + (result.bestEpoch() > 0 ? "; best epoch " + result.bestEpoch() : ""));
        if (result.history().isEmpty() && !Checkpoint.exists(checkpoints)) {
            // stopped (the time limit) before any epoch ended: an untrained network is not a run to save, and
            // saving it would make the same command refuse this folder as holding a trained run
            err.println("error: no epoch finished within the time limit, so nothing was saved; give a longer --time-limit");
            return 1;
        }
        // the data the job trained on: without the train and validation images that would not decode
        RunFinisher.Finished f = RunFinisher.finish(out, checkpoints, result, config, job.data(), sd.dataset(), sd.split());
        ImageDecodeException.leftOutNote(f.testLeftOut()).ifPresent(n -> err.println("note: of the test split, " + n));
        if (f.test() != null) {
            o.printf(Locale.ROOT, "test: %d images, full-sequence accuracy %.4f, per position %s%n", f.test().count(),
                    f.test().sequenceAccuracy(), ConsoleProgress.percentages(f.test().positionAccuracy()));
        }
        if (Files.exists(checkpoints)) {
            o.println("checkpoint kept in " + checkpoints + (result.status() == TrainingResult.Status.TIME_LIMIT
                    ? ": the time limit counts all of this run's training, so run the same command with a larger"
                    + " --time-limit to continue"
                    : ": run the same command to continue"));
        }
        o.println("saved " + out.toAbsolutePath().normalize());
        return 0;
    }

    /** A span of training time as the console shows it: seconds below two minutes, else minutes. */
    static String duration(double seconds) {
        return seconds < 120 ? String.format(Locale.ROOT, "%.1f s", seconds)
                : String.format(Locale.ROOT, "%.1f min", seconds / 60);
    }

    /**
     * Refuses a {@code --input-size} the preset cannot take: the network is built at that size, and below the
     * preset's minimum side its poolings would leave nothing (images of a smaller size found in the dataset, with no
     * {@code --input-size}, are scaled up instead). A malformed value is refused by {@link DatasetArgs}.
     */
    private void checkInputSize(Preset p) {
        ImageSize given = datasetArgs.inputSizeOption();
        if (given != null) {
            CommandOptions.fitsPreset(p, given.width(), given.height(), "--input-size");
        }
    }

    /** The epoch of the checkpoint in {@code dir}: 0 when there is none, -1 when it cannot be read. */
    private static int checkpointEpoch(Path dir) {
        try {
            return Checkpoint.exists(dir) ? Checkpoint.read(dir).epoch() : 0;
        } catch (RuntimeException e) {
            return -1;
        }
    }

    private static void deleteIfEmpty(Path folder) {
        try (var entries = Files.list(folder)) {
            if (entries.findAny().isEmpty()) {
                Files.delete(folder);
            }
        } catch (java.io.IOException e) {
            // left as it is: an empty folder does no harm
        }
    }

    /**
     * Why DL4J cannot record into this statistics file, in a line naming it (it is not one, or another program holds
     * it), or null when it can.
     */
    private static String statisticsRefusal(Path file) {
        try {
            Dashboard.openStats(file).close();
            return null;
        } catch (DashboardException e) {
            return e.getMessage();
        } catch (RuntimeException e) {
            return file + ": " + ErrorLines.oneLine(e);
        }
    }
}
