package org.captchalab.ui;

/** The text of Help > Keyboard shortcuts; kept beside the menus it describes (MainView.fxml). */
final class KeyHelp {

    private KeyHelp() {
    }

    static final String TEXT = String.join("\n",
            "In the label field:",
            "  Enter            save the label (checked against alphabet, length, case) and go to the next image",
            "  Tab / Shift+Tab  next / previous image without saving",
            "  Ctrl+Enter       accept the model's prediction as the label, save, next",
            "  Ctrl+Z           undo the last label edit (across saves and images)",
            "  Ctrl+Shift+Z     redo",
            "",
            "Anywhere:",
            "  Ctrl+O open folder · Ctrl+L edit label · Ctrl+F search labels (? one char, * any run)",
            "  Ctrl+Right / Ctrl+Left next / previous image",
            "  Ctrl+1 all · Ctrl+2 misclassified · Ctrl+3 likely mislabelled · Ctrl+4 unlabelled",
            "  F2 label panel · F3 training · F4 error analysis · F5 refresh predictions",
            "  Ctrl+T start training · Ctrl+P pause/resume · Ctrl+. stop",
            "  F1 this help · Ctrl+Q quit");
}
