package io.github.smartload.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The hexagon's arrows: core knows nobody, adapters know core, only app-cli knows everyone. */
class ArchitectureTest {

  private static final JavaClasses CLASSES =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          // Other modules' test fakes arrive as test-jars, which DO_NOT_INCLUDE_TESTS lets in.
          .withImportOption(location -> !location.contains("-tests.jar"))
          .importPackages(ArchitectureRules.ROOT);

  @ParameterizedTest
  @ValueSource(
      strings = {
        "io.github.smartload.core",
        "io.github.smartload.core.port",
        "io.github.smartload.core.load",
        "io.github.smartload.core.placement",
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

  static Stream<ArchRule> rules() {
    return ArchitectureRules.all().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rules")
  void theCodeKeepsTheRule(ArchRule rule) {
    rule.check(CLASSES);
  }
}
