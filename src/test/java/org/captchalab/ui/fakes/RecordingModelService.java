package org.captchalab.ui.fakes;

import java.util.function.Consumer;
import org.captchalab.ui.backend.TrainingEvents;
import org.captchalab.ui.backend.TrainingRequest;
import org.captchalab.ui.backend.TrainingSession;
import org.captchalab.ui.backend.Workspace;

/** Records training requests instead of running them. */
public final class RecordingModelService extends FakeModelServiceBase {
    private final Consumer<TrainingRequest> onStart;

    public RecordingModelService(Consumer<TrainingRequest> onStart) {
        this.onStart = onStart;
    }

    @Override
    public TrainingSession start(Workspace workspace, TrainingRequest request, TrainingEvents events) {
        onStart.accept(request);
        return new TrainingSession() {
            @Override public void pause() { }
            @Override public void resume() { }
            @Override public void stop() { }
            @Override public boolean awaitEnd(long millis) { return true; }
        };
    }
}
