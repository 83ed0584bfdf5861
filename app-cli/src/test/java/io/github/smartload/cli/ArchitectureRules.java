package io.github.smartload.cli;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaCall;
import com.tngtech.archunit.core.domain.JavaConstructorCall;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.GeneralCodingRules;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * smartload's architecture as ArchUnit rules, kept as values so that {@link ArchitectureTest}
 * checks them on the real classes and {@link ArchitectureRulesCanFailTest} shows each one failing
 * on a small violating class. {@code ..} covers subpackages, so a new package of core (admission,
 * footprint, placement) is held to every core rule the day it is created.
 */
final class ArchitectureRules {

  static final String ROOT = "io.github.smartload";
  static final String CORE = ROOT + ".core..";
  static final String PROC = ROOT + ".proc..";
  static final String OLLAMA = ROOT + ".ollama..";
  static final String CLI = ROOT + ".cli..";

  /**
   * The whole hexagon in one rule: core in the middle knows no ring; each adapter knows core only
   * (not the other adapter, not the app); the app (the CLI and the composition root) knows everyone
   * and nobody knows it; and no class of smartload lives outside the four rings.
   */
  static final ArchRule HEXAGON =
      layeredArchitecture()
          .consideringOnlyDependenciesInLayers()
          .layer("core")
          .definedBy(CORE)
          .layer("proc adapter")
          .definedBy(PROC)
          .layer("ollama adapter")
          .definedBy(OLLAMA)
          .layer("app")
          .definedBy(CLI)
          .whereLayer("core")
          .mayNotAccessAnyLayer()
          .whereLayer("proc adapter")
          .mayOnlyAccessLayers("core")
          .whereLayer("ollama adapter")
          .mayOnlyAccessLayers("core")
          .whereLayer("app")
          .mayNotBeAccessedByAnyLayer()
          .ensureAllClassesAreContainedInArchitecture();

  /** Core needs the JDK only (its pom bans third-party dependencies too). */
  static final ArchRule CORE_DEPENDS_ON_THE_JDK_ONLY =
      classes()
          .that()
          .resideInAPackage(CORE)
          .should()
          .onlyDependOnClassesThat()
          .resideInAnyPackage(CORE, "java..");

  /** No port, no use case, no I/O: a placement is computed from the numbers it is given. */
  static final ArchRule PLACEMENT_IS_ARITHMETIC_ON_CORE_VALUES_ONLY =
      classes()
          .that()
          .resideInAPackage(ROOT + ".core.placement..")
          .should()
          .onlyDependOnClassesThat()
          .resideInAnyPackage(
              ROOT + ".core",
              ROOT + ".core.placement..",
              "java.lang..",
              "java.util..",
              "java.math..");

  /** Core tells a listener port what happened; it never logs (JUL or System.Logger). */
  static final ArchRule CORE_DOES_NOT_LOG =
      noClasses()
          .that()
          .resideInAPackage(CORE)
          .should()
          .dependOnClassesThat()
          .resideInAPackage("java.util.logging..")
          .orShould()
          .dependOnClassesThat()
          .haveFullyQualifiedName(System.Logger.class.getName())
          .because(
              "core reports through LoadListener; the adapters and the app decide what to log");

  /** Settings reach core as arguments; reading them is the app's job. */
  static final ArchRule CORE_READS_NO_ENVIRONMENT =
      noClasses()
          .that()
          .resideInAPackage(CORE)
          .should()
          .callMethodWhere(
              calling(
                  "System.getenv, System.getProperty or a system property getter",
                  Map.of(
                      "java.lang.System", Set.of("getenv", "getProperty", "getProperties"),
                      "java.lang.Integer", Set.of("getInteger"),
                      "java.lang.Long", Set.of("getLong"),
                      "java.lang.Boolean", Set.of("getBoolean"))))
          .because("settings are resolved in app-cli (flag > environment > file > defaults)");

  /**
   * Core runs on its caller's threads: it creates none (Thread, Timer, Executors, ForkJoinPool,
   * thread pools, CompletableFuture's *Async methods, parallel streams). Thread.sleep and
   * Thread.currentThread().interrupt() are fine: they use the caller's thread.
   */
  static final ArchRule CORE_CREATES_NO_THREADS =
      noClasses()
          .that()
          .resideInAPackage(CORE)
          .should()
          .callCodeUnitWhere(startingThreads())
          .because("concurrency is the caller's choice; core stays deterministic and testable");

  /** Core reaches nothing over a network: the adapters do. */
  static final ArchRule CORE_USES_NO_NETWORK =
      noClasses()
          .that()
          .resideInAPackage(CORE)
          .should()
          .dependOnClassesThat()
          .resideInAPackage("java.net..");

  /** Guice and picocli belong to the app. */
  static final ArchRule GUICE_AND_PICOCLI_ONLY_IN_THE_APP =
      noClasses()
          .that()
          .resideOutsideOfPackage(CLI)
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("com.google.inject..", "picocli..");

  /** Adapters take their collaborators in plain constructors; only the app wires with @Inject. */
  static final ArchRule INJECT_ANNOTATIONS_ONLY_IN_THE_APP =
      noClasses()
          .that()
          .resideOutsideOfPackage(CLI)
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("jakarta.inject..", "javax.inject..");

  static final ArchRule NO_PACKAGE_CYCLES =
      slices().matching(ROOT + ".(**)").should().beFreeOfCycles();

  /** Commands write through picocli's writers, so tests capture them; only main has System.out. */
  static final ArchRule ONLY_MAIN_WRITES_TO_THE_STANDARD_STREAMS =
      noClasses()
          .that()
          .doNotHaveFullyQualifiedName(SmartloadMain.class.getName())
          .should(GeneralCodingRules.ACCESS_STANDARD_STREAMS);

  private ArchitectureRules() {}

  /** Every rule above, found by reflection so a new rule cannot be left out of the tests. */
  static List<ArchRule> all() {
    return Arrays.stream(ArchitectureRules.class.getDeclaredFields())
        .filter(field -> Modifier.isStatic(field.getModifiers()))
        .filter(field -> field.getType() == ArchRule.class)
        .map(ArchitectureRules::rule)
        .toList();
  }

  private static ArchRule rule(Field field) {
    try {
      return (ArchRule) field.get(null);
    } catch (IllegalAccessException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A call to one of {@code methods} (owner class name to method names). */
  private static DescribedPredicate<JavaCall<?>> calling(
      String description, Map<String, Set<String>> methods) {
    return DescribedPredicate.describe(
        description,
        call ->
            methods
                .getOrDefault(call.getTargetOwner().getName(), Set.of())
                .contains(call.getName()));
  }

  private static DescribedPredicate<JavaCall<?>> startingThreads() {
    Set<String> constructedOnlyToRun =
        Set.of(
            "java.lang.Thread",
            "java.util.Timer",
            "java.util.concurrent.ThreadPoolExecutor",
            "java.util.concurrent.ScheduledThreadPoolExecutor",
            "java.util.concurrent.ForkJoinPool");
    Set<String> threadStarters = Set.of("start", "startVirtualThread", "ofVirtual", "ofPlatform");
    return DescribedPredicate.describe(
        "creates or starts threads (Thread, Timer, Executors, ForkJoinPool, a thread pool,"
            + " CompletableFuture.*Async, a parallel stream)",
        call -> {
          String owner = call.getTargetOwner().getName();
          String name = call.getName();
          return (call instanceof JavaConstructorCall && constructedOnlyToRun.contains(owner))
              || (owner.equals("java.lang.Thread") && threadStarters.contains(name))
              || owner.equals("java.util.concurrent.Executors")
              || owner.equals("java.util.concurrent.ForkJoinPool")
              || (owner.equals("java.util.concurrent.CompletableFuture") && name.endsWith("Async"))
              || name.equals("parallelStream")
              || (owner.startsWith("java.util.stream.") && name.equals("parallel"));
        });
  }
}
