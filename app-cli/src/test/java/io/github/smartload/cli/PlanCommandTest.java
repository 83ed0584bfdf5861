package io.github.smartload.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code smartload plan} offline: the original's three scenarios replayed from the numbers. */
class PlanCommandTest {

  @TempDir Path home;

  @Test
  void scenarioOneASmallModelUnloadsNothing() {
    Cli.Result result =
        Cli.at(home)
            .run("plan", "qwen3:1.7b", "--available", "25.5GB", "--size", "1.4GB", "--json");

    assertThat(result.exitCode()).isZero();
    assertThat(result.out())
        .contains("\"decision\": \"small-model\"")
        .contains("\"sizeBytes\": 1400000000")
        .contains("\"requiredBytes\": 1680000000")
        .contains("\"availableBytes\": 25500000000")
        .contains("\"loadedBytes\": 0")
        .contains("\"toUnload\": []");
  }

  @Test
  void scenarioTwoALargeModelFitsBesideTheSmallOne() {
    Cli.Result result =
        Cli.at(home)
            .run("plan", "qwen2.5:14b", "--available", "25.5GB", "--loaded", "qwen3:1.7b=2.0GB");

    assertThat(result.exitCode()).isZero();
    assertThat(result.lines())
        .containsExactly(
            "📊 Memory Check:",
            "   Available: 25.5 GB",
            "   Loaded: 2.0 GB",
            "   New model: qwen2.5:14b (9.0 GB)",
            "✅ Enough RAM! 25.5 GB > 10.8 GB (with 20% reserve)",
            "   No unloading needed - the model fits!");
  }

  @Test
  void withoutAGpuAWontFitStillWarnsAboutTheRamAfterUnloading() {
    // RAM is the only pool: 10.0 + 5.7 GB < 22.8 GB, so the warning is the truth (seed's line).
    Cli.Result result =
        Cli.at(home)
            .run("plan", "qwen2.5:32b", "--available", "10GB", "--loaded", "qwen3:8b=5.7GB");

    assertThat(result.lines())
        .contains(
            "🧹 Would unload: qwen3:8b (5.7 GB)",
            "⚠️ RAM after unloading: about 15.7 GB available");
  }

  @Test
  void scenarioThreeUnloadsTheResidentModelToMakeRoom() {
    Cli.Result result =
        Cli.at(home)
            .run("plan", "qwen2.5:32b", "--available", "18GB", "--loaded", "qwen3:8b=5.7GB");

    assertThat(result.exitCode()).isZero();
    assertThat(result.lines())
        .containsExactly(
            "📊 Memory Check:",
            "   Available: 18.0 GB",
            "   Loaded: 5.7 GB",
            "   New model: qwen2.5:32b (19.0 GB)",
            "⚠️ Not enough RAM! 18.0 GB < 22.8 GB (with 20% reserve)",
            "🔄 Large model: qwen2.5:32b (19.0 GB)",
            "🧹 Would unload: qwen3:8b (5.7 GB)",
            "✅ RAM after unloading: about 23.7 GB available");
    assertThat(result.err()).isEmpty();
  }

  @Test
  void scenarioThreeAsJsonHoldsEveryNumber() {
    Cli.Result result =
        Cli.at(home)
            .run(
                "plan",
                "qwen2.5:32b",
                "--available",
                "18GB",
                "--loaded",
                "qwen3:8b=5.7GB",
                "--json");

    assertThat(result.out().strip())
        .isEqualTo(
            String.join(
                "\n",
                "{",
                "  \"model\": \"qwen2.5:32b\",",
                "  \"decision\": \"unload\",",
                "  \"sizeBytes\": 19000000000,",
                "  \"requiredBytes\": 22800000000,",
                "  \"availableBytes\": 18000000000,",
                "  \"loadedBytes\": 5700000000,",
                "  \"toUnload\": [",
                "    \"qwen3:8b\"",
                "  ],",
                "  \"expectedAvailableAfterBytes\": 23700000000,",
                "  \"unloaded\": [],",
                "  \"failed\": [],",
                "  \"loaded\": false",
                "}"));
  }

  @Test
  void aModelThatCannotFitSaysWhatStrictAndNonStrictWouldDo() {
    Cli.Result result =
        Cli.at(home)
            .run("plan", "mixtral:8x7b", "--available", "10GB", "--loaded", "qwen3:8b=5.7GB");

    assertThat(result.exitCode()).isZero();
    assertThat(result.out())
        .contains(
            "❌ Even unloading every unpinned model leaves 15.5 GB short (15.7 GB available at most)")
        .contains("With --strict nothing is unloaded or loaded");
  }

  @Test
  void germanWhenTheLocaleIsGermanEvenIfJavaDoesNotKnowIt() {
    Cli.Result result =
        Cli.at(home)
            .env("LANG", "de_DE.UTF-8")
            .run("plan", "qwen2.5:32b", "--available", "18GB", "--loaded", "qwen3:8b=5.7GB");

    assertThat(result.out()).contains("⚠️ Zu wenig RAM! 18.0 GB < 22.8 GB (mit 20% Reserve)");
  }

  @Test
  void expiringUnloadsOnlyTheFewestThatRunOutFirstAndMakeRoom() {
    Cli.Result result =
        Cli.at(home)
            .run(
                "plan",
                "qwen2.5:32b",
                "--available",
                "18GB",
                "--loaded",
                "qwen3:8b=5.7GB",
                "--loaded",
                "llama3.1:8b=5.5GB",
                "--evict",
                "expiring");

    assertThat(result.out()).contains("Would unload: qwen3:8b (5.7 GB)");
  }

  @Test
  void aPinnedModelIsNeverPlannedForUnloading() {
    Cli.Result result =
        Cli.at(home)
            .run(
                "plan",
                "qwen2.5:32b",
                "--available",
                "18GB",
                "--loaded",
                "qwen3:8b=5.7GB",
                "--pin",
                "qwen3:8b",
                "--json");

    assertThat(result.out()).contains("\"decision\": \"wont-fit\"").contains("\"toUnload\": []");
  }

  @Test
  void anUnlistedModelOfflineNeedsItsSize() {
    Cli.Result result = Cli.at(home).run("plan", "phi4:14b", "--available", "18GB");

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.out()).isEmpty();
    assertThat(result.err().strip())
        .isEqualTo(
            "smartload: phi4:14b is not in the size table, and offline there is no Ollama to ask:"
                + " give its size with --size (e.g. --size 4.1GB), or use --size-source table");
  }

  @Test
  void anUnlistedModelGivenAsLoadedIsAlreadyLoadedOffline() {
    Cli.Result result =
        Cli.at(home)
            .run("plan", "phi4:14b", "--available", "18GB", "--loaded", "phi4:14b=9.6GB", "--json");

    assertThat(result.exitCode()).isZero();
    assertThat(result.out())
        .contains("\"decision\": \"already-loaded\"")
        .contains("\"sizeBytes\": 9600000000");
  }

  @Test
  void tableOnlyModeTreatsAnUnlistedModelAsSmallAsTheOriginalDid() {
    Cli.Result result =
        Cli.at(home).run("plan", "phi4:14b", "--available", "18GB", "--size-source", "table");

    assertThat(result.exitCode()).isZero();
    assertThat(result.out()).contains("✅ Small model (below 5.0 GB): no unloading needed");
  }

  @Test
  void aBadSizeIsOneLineNamingTheOptionAndTheForm() {
    Cli.Result result = Cli.at(home).run("plan", "qwen2.5:32b", "--available", "eighteen");

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.err().lines().toList())
        .containsExactly(
            "smartload: Invalid value for option '--available': 'eighteen': not a size; give a"
                + " number with a unit, like 19GB or 512MiB",
            "Try 'smartload plan --help' for the options and their forms.");
  }

  @Test
  void aSizeBeyondAnyMachineIsRefusedAtParsing() {
    Cli.Result result =
        Cli.at(home).run("plan", "foo:1b", "--available", "18GB", "--size", "9223372036854775807B");

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.out()).isEmpty();
    assertThat(result.err().lines().toList())
        .containsExactly(
            "smartload: Invalid value for option '--size': '9223372036854775807B' is more memory"
                + " than any machine has: give at most 1000TB (1 PB)",
            "Try 'smartload plan --help' for the options and their forms.");
  }

  @Test
  void aLoadedModelBeyondAnyMachineIsRefusedAtParsing() {
    Cli.Result result =
        Cli.at(home)
            .run("plan", "qwen2.5:32b", "--loaded", "x=9000000000GB", "--loaded", "y=9000000000GB");

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.out()).isEmpty();
    assertThat(result.err().lines().toList())
        .containsExactly(
            "smartload: Invalid value for option '--loaded' (NAME=SIZE): '9000000000GB' is more"
                + " memory than any machine has: give at most 1000TB (1 PB)",
            "Try 'smartload plan --help' for the options and their forms.");
  }

  @Test
  void theSameLoadedModelTwiceIsAnError() {
    Cli.Result result =
        Cli.at(home)
            .run(
                "plan",
                "qwen2.5:32b",
                "--available",
                "18GB",
                "--loaded",
                "qwen3:8b=5.7GB",
                "--loaded",
                "Qwen3:8B=5.7GB");

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.out()).isEmpty();
    assertThat(result.err().strip())
        .isEqualTo(
            "smartload: --loaded gives qwen3:8b twice (5.7 GB and 5.7 GB): give each resident"
                + " model once");
  }

  @Test
  void twoSpellingsOfOneModelAreTheSameLoadedModel() {
    Cli.Result result =
        Cli.at(home)
            .run(
                "plan",
                "qwen2.5:32b",
                "--loaded",
                "command-r=18GB",
                "--loaded",
                "library/command-r:latest=1GB");

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.err().strip())
        .isEqualTo(
            "smartload: --loaded gives command-r:latest twice (18.0 GB and 1.0 GB): give each"
                + " resident model once");
  }

  @Test
  void aBadModelNameIsOneLine() {
    Cli.Result result = Cli.at(home).run("plan", "Qwen 2.5", "--available", "18GB");

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.err())
        .startsWith(
            "smartload: Invalid value for positional parameter at index 0 (MODEL): 'Qwen 2.5' is not a model name");
    assertThat(result.err().lines()).hasSize(2);
  }

  @Test
  void aLoadedModelWithoutSizeIsRejected() {
    Cli.Result result =
        Cli.at(home).run("plan", "qwen2.5:32b", "--available", "18GB", "--loaded", "qwen3:8b");

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.err()).contains("'qwen3:8b' is not NAME=SIZE: write it like qwen3:8b=5.7GB");
  }

  @Test
  void globalOptionsWorkBeforeAndAfterTheSubcommand() {
    Cli.Result before = Cli.at(home).run("--json", "plan", "qwen2.5:14b", "--available", "25.5GB");
    Cli.Result after = Cli.at(home).run("plan", "qwen2.5:14b", "--available", "25.5GB", "--json");

    assertThat(before.out()).startsWith("{").contains("\"decision\": \"fits\"");
    assertThat(after.out()).isEqualTo(before.out());
  }

  @Test
  void withoutOfflineNumbersItAsksTheProbeAndTheRuntime() {
    FakeAdapters fakes = new FakeAdapters("32", "25.5");
    fakes.runtime.resident("qwen3:8b", "5.7", java.time.Duration.ofMinutes(10));

    Cli.Result result = Cli.at(home, fakes).run("plan", "qwen2.5:32b", "--json");

    assertThat(result.out())
        .contains("\"availableBytes\": 19800000000")
        .contains("\"decision\": \"unload\"");
    assertThat(fakes.runtime.calls()).doesNotContain("unload qwen3:8b");
  }
}
