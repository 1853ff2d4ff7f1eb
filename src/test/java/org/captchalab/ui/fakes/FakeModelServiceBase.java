package org.captchalab.ui.fakes;

/** Base for model-service fakes that override a single method. */
public class FakeModelServiceBase extends FakeModelService {
}
