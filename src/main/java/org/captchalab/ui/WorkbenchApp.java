package org.captchalab.ui;

import javafx.application.Application;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.stage.Stage;

/** Placeholder application; the workbench window replaces it. */
public class WorkbenchApp extends Application {

    public static void launchWith(String[] args) {
        Application.launch(WorkbenchApp.class, args);
    }

    @Override
    public void start(Stage stage) {
        stage.setTitle("CaptchaLab");
        stage.setScene(new Scene(new Label("CaptchaLab"), 800, 600));
        stage.show();
    }
}
