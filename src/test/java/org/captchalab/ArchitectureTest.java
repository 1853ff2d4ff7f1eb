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
            .that().resideInAnyPackage("..dataset..", "..store..", "..model..", "..training..", "..cli..")
            .should().dependOnClassesThat().resideInAnyPackage("javafx..")
            .because("core packages and the CLI must run without a display");

    @ArchTest
    static final ArchRule dataAndStoreNeverImportDl4j = noClasses()
            .that().resideInAnyPackage("..dataset..", "..store..")
            .should().dependOnClassesThat().resideInAnyPackage("org.nd4j..", "org.deeplearning4j..", "org.bytedeco..")
            .because("dataset and store tests must not load native code");

    @ArchTest
    static final ArchRule coreNeverImportsUiOrCli = noClasses()
            .that().resideInAnyPackage("..dataset..", "..store..", "..model..", "..training..")
            .should().dependOnClassesThat().resideInAnyPackage("org.captchalab.ui..", "org.captchalab.cli..");

    @ArchTest
    static final ArchRule cliNeverImportsUi = noClasses()
            .that().resideInAPackage("..cli..")
            .should().dependOnClassesThat().resideInAPackage("org.captchalab.ui..");

    @ArchTest
    static final ArchRule datasetIsTheInnermostLayer = noClasses()
            .that().resideInAPackage("..dataset..")
            .should().dependOnClassesThat().resideInAnyPackage("..store..", "..model..", "..training..");
}
