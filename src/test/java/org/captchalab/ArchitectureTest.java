package org.captchalab;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The layer rules of ENGINEERING.md, as tests: arrows point inward, core code never sees JavaFX. */
@AnalyzeClasses(packages = "org.captchalab", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule coreNeverImportsJavaFx = noClasses()
            .that().resideInAnyPackage("org.captchalab.dataset..", "org.captchalab.store..", "org.captchalab.model..", "org.captchalab.training..", "org.captchalab.cli..")
            .should().dependOnClassesThat().resideInAnyPackage("javafx..")
            .because("core packages and the CLI must run without a display");

    @ArchTest
    static final ArchRule dataAndStoreNeverImportDl4j = noClasses()
            .that().resideInAnyPackage("..dataset..", "..store..")
            .should().dependOnClassesThat().resideInAnyPackage("org.nd4j..", "org.deeplearning4j..", "org.bytedeco..")
            .because("dataset and store tests must not load native code");

    @ArchTest
    static final ArchRule theWindowLeavesNd4jToTheModel = noClasses()
            .that().resideInAPackage("org.captchalab.ui..")
            .should().dependOnClassesThat().resideInAnyPackage("org.nd4j..", "org.bytedeco..")
            .because("native code is the model and training packages' business; the window asks them");

    @ArchTest
    static final ArchRule javaFxOnlyInTheWindow = noClasses()
            .that().resideOutsideOfPackage("org.captchalab.ui..")
            .should().dependOnClassesThat().resideInAnyPackage("javafx..")
            .because("everything but the window runs without a display, including classes in packages added later");

    @ArchTest
    static final ArchRule coreNeverImportsUiOrCli = noClasses()
            .that().resideInAnyPackage("org.captchalab.dataset..", "org.captchalab.store..", "org.captchalab.model..", "org.captchalab.training..")
            .should().dependOnClassesThat().resideInAnyPackage("org.captchalab.ui..", "org.captchalab.cli..");

    @ArchTest
    static final ArchRule cliNeverImportsUi = noClasses()
            .that().resideInAPackage("org.captchalab.cli..")
            .should().dependOnClassesThat().resideInAPackage("org.captchalab.ui..");

    @ArchTest
    static final ArchRule theDashboardStartsOnlyThroughDashboard = noClasses()
            .that().doNotHaveFullyQualifiedName("org.captchalab.training.Dashboard")
            .should().callMethodWhere(com.tngtech.archunit.base.DescribedPredicate.describe("UIServer/VertxUIServer.getInstance",
                    call -> call.getName().equals("getInstance")
                            && (call.getTargetOwner().getName().equals("org.deeplearning4j.ui.api.UIServer")
                            || call.getTargetOwner().getName().equals("org.deeplearning4j.ui.VertxUIServer"))))
            .because("DL4J's own start listens on every network interface, and a second server would take over the"
                    + " singleton Dashboard started (training.Dashboard serves on 127.0.0.1)");

    @ArchTest
    static final ArchRule datasetIsTheInnermostLayer = noClasses()
            .that().resideInAPackage("..dataset..")
            .should().dependOnClassesThat().resideInAnyPackage("..store..", "..model..", "..training..");
}
