package io.github.smartload.cli;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.GeneralCodingRules;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The hexagon's arrows: core knows nobody, adapters know core, only app-cli knows everyone. */
class ArchitectureTest {

  private static final String ROOT = "io.github.smartload";
  private static final String CORE = ROOT + ".core..";
  private static final String PROC = ROOT + ".proc..";
  private static final String OLLAMA = ROOT + ".ollama..";
  private static final String CLI = ROOT + ".cli..";

  private static final JavaClasses CLASSES =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          // Other modules' test fakes arrive as test-jars, which DO_NOT_INCLUDE_TESTS lets in.
          .withImportOption(location -> !location.contains("-tests.jar"))
          .importPackages(ROOT);

  @ParameterizedTest
  @ValueSource(
      strings = {
        "io.github.smartload.core",
        "io.github.smartload.core.port",
        "io.github.smartload.core.load",
        "io.github.smartload.core.footprint",
        "io.github.smartload.proc",
        "io.github.smartload.ollama",
        "io.github.smartload.ollama.proxy",
        "io.github.smartload.cli"
      })
  void everyPackageTheRulesNameHoldsClasses(String packageName) {
    // A rule about an empty package passes whatever the code does.
    assertThat(CLASSES.getPackage(packageName).getClasses()).isNotEmpty();
  }

  @Test
  void coreDependsOnTheJdkAndItselfOnly() {
    classes()
        .that()
        .resideInAPackage(CORE)
        .should()
        .onlyDependOnClassesThat()
        .resideInAnyPackage(CORE, "java..")
        .check(CLASSES);
  }

  @Test
  void adaptersDoNotKnowEachOtherOrTheApp() {
    denyDependency(PROC, OLLAMA);
    denyDependency(PROC, CLI);
    denyDependency(OLLAMA, PROC);
    denyDependency(OLLAMA, CLI);
    denyDependency(CORE, PROC);
    denyDependency(CORE, OLLAMA);
    denyDependency(CORE, CLI);
  }

  @Test
  void guiceAndPicocliLiveOnlyInTheApp() {
    noClasses()
        .that()
        .resideOutsideOfPackage(CLI)
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("com.google.inject..", "picocli..")
        .check(CLASSES);
  }

  @Test
  void packagesHaveNoCycles() {
    slices().matching(ROOT + ".(**)").should().beFreeOfCycles().check(CLASSES);
  }

  @Test
  void nothingButMainWritesToTheStandardStreams() {
    noClasses()
        .that()
        .doNotHaveFullyQualifiedName(SmartloadMain.class.getName())
        .should(GeneralCodingRules.ACCESS_STANDARD_STREAMS)
        .check(CLASSES);
  }

  private static void denyDependency(String from, String to) {
    noClasses()
        .that()
        .resideInAPackage(from)
        .should()
        .dependOnClassesThat()
        .resideInAPackage(to)
        .because(from + " must not know " + to)
        .check(CLASSES);
  }
}
