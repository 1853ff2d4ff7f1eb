package org.captchalab.ui;

import java.util.List;

/** What Help > Keyboard shortcuts lists; kept beside the menus it describes (MainView.fxml). */
final class KeyHelp {

    private KeyHelp() {
    }

    /** One shortcut: the keys and what they do. */
    record Key(String keys, String action) {
    }

    /** A heading and its shortcuts. */
    record Section(String heading, List<Key> keys) {
    }

    static final List<Section> SECTIONS = List.of(
            new Section("In the label field", List.of(
                    new Key("Enter", "save the label (checked against alphabet, length, case) and go to the next image"),
                    new Key("Tab / Shift+Tab", "next / previous image without saving"),
                    new Key("Ctrl+Enter", "accept the model's prediction as the label, save, next"),
                    new Key("Ctrl+Z", "undo the last label edit (across saves and images)"),
                    new Key("Ctrl+Shift+Z / Ctrl+Y", "redo"))),
            new Section("Anywhere", List.of(
                    new Key("Ctrl+O", "open a dataset folder"),
                    new Key("Ctrl+L / Ctrl+F", "edit the label / search labels (abc: labels containing it; with ? one character or * any run, the whole label: a*q, *x*q*)"),
                    new Key("Ctrl+Right / Ctrl+Left", "next / previous image"),
                    new Key("Ctrl+1 … Ctrl+4", "show all / misclassified / likely mislabelled / unlabelled images"),
                    new Key("F2 / F3 / F4", "Label / Training / Errors tab"),
                    new Key("F5", "refresh predictions"),
                    new Key("Ctrl+T / Ctrl+P / Ctrl+.", "start / pause or resume / stop training"),
                    new Key("F1 / Ctrl+Q", "this help / quit"))));
}
