package io.github.smartload.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every architecture rule can fail: evaluated on small test-only classes that break it on purpose
 * ({@code ..violation..} packages in app-cli's tests), each rule reports its violator by name. A
 * rule that passed whatever the code did would guard nothing.
 */
class ArchitectureRulesCanFailTest {

  private static final String ROOT = ArchitectureRules.ROOT;

  private static final JavaClasses VIOLATIONS =
      new ClassFileImporter()
          .importPackages(
              ROOT + ".core.violation",
              ROOT + ".core.placement.violation",
              ROOT + ".proc.violation",
              ROOT + ".ollama.violation",
              ROOT + ".violation");

  private static final String CORE = ROOT + ".core.violation.CoreViolations$";
  private static final String PROC = ROOT + ".proc.violation.ProcViolations$";

  static Stream<Arguments> rulesAndTheirViolators() {
    return Stream.of(
        arguments("HEXAGON", CORE + "KnowsTheOllamaAdapter"),
        arguments("HEXAGON", PROC + "KnowsTheOtherAdapter"),
        arguments("HEXAGON", PROC + "KnowsTheApp"),
        arguments("HEXAGON", ROOT + ".violation.OutsideTheHexagon"),
        arguments("CORE_DEPENDS_ON_THE_JDK_ONLY", CORE + "UsesAThirdPartyLibrary"),
        arguments(
            "PLACEMENT_IS_ARITHMETIC_ON_CORE_VALUES_ONLY",
            ROOT + ".core.placement.violation.AsksAPort"),
        arguments("CORE_DOES_NOT_LOG", CORE + "LogsWithJul"),
        arguments("CORE_DOES_NOT_LOG", CORE + "LogsWithSystemLogger"),
        arguments("CORE_READS_NO_ENVIRONMENT", CORE + "ReadsTheEnvironment"),
        arguments("CORE_READS_NO_ENVIRONMENT", CORE + "ReadsASystemProperty"),
        arguments("CORE_CREATES_NO_THREADS", CORE + "StartsAThread"),
        arguments("CORE_CREATES_NO_THREADS", CORE + "UsesAnExecutor"),
        arguments("CORE_CREATES_NO_THREADS", CORE + "RunsAsync"),
        arguments("CORE_CREATES_NO_THREADS", CORE + "UsesTheCommonPool"),
        arguments("CORE_CREATES_NO_THREADS", CORE + "StreamsInParallel"),
        arguments("CORE_USES_NO_NETWORK", CORE + "UsesTheNetwork"),
        arguments(
            "GUICE_AND_PICOCLI_ONLY_IN_THE_APP",
            ROOT + ".ollama.violation.OllamaViolations$UsesPicocli"),
        arguments("INJECT_ANNOTATIONS_ONLY_IN_THE_APP", PROC + "InjectedByAnnotation"),
        arguments("NO_PACKAGE_CYCLES", ROOT + ".core.violation.cycle.Chicken"),
        arguments("ONLY_MAIN_WRITES_TO_THE_STANDARD_STREAMS", CORE + "PrintsToStandardOut"));
  }

  @ParameterizedTest(name = "{0} catches {1}")
  @MethodSource("rulesAndTheirViolators")
  void theRuleReportsItsViolator(String rule, String violator) throws Exception {
    assertThat(VIOLATIONS.contain(violator)).as("the violator was imported").isTrue();

    EvaluationResult result = rule(rule).evaluate(VIOLATIONS);

    assertThat(result.hasViolation()).isTrue();
    assertThat(result.getFailureReport().getDetails())
        .anyMatch(detail -> detail.contains("<" + violator));
  }

  @Test
  void everyRuleIsShownFailing() throws Exception {
    List<ArchRule> shown =
        rulesAndTheirViolators()
            .map(args -> (String) args.get()[0])
            .distinct()
            .map(this::rule)
            .toList();

    assertThat(shown).containsExactlyInAnyOrderElementsOf(ArchitectureRules.all());
  }

  private ArchRule rule(String name) {
    try {
      return (ArchRule) ArchitectureRules.class.getDeclaredField(name).get(null);
    } catch (ReflectiveOperationException e) {
      throw new IllegalArgumentException("no rule " + name, e);
    }
  }
}
