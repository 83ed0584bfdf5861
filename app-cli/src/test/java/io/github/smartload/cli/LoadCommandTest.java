package io.github.smartload.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code smartload load} over core's fakes: what it does, prints and exits with. */
class LoadCommandTest {

  @TempDir Path home;

  private final FakeAdapters fakes = new FakeAdapters("32", "23.7");

  @Test
  void scenarioThreeUnloadsWaitsForTheMemoryAndLoadsWithTheKeepAlive() {
    fakes.runtime.install("qwen2.5:32b", "19").resident("qwen3:8b", "5.7", Duration.ofMinutes(10));
    fakes.runtime.pollsPerUnload(2);

    Cli.Result result = Cli.at(home, fakes).run("load", "qwen2.5:32b", "--keep-alive", "30m");

    assertThat(result.exitCode()).isZero();
    assertThat(result.lines())
        .containsExactly(
            "📊 Memory Check:",
            "   Available: 18.0 GB",
            "   Loaded: 5.7 GB",
            "   New model: qwen2.5:32b (19.0 GB)",
            // Installed by size alone: the runtime tells no facts of it, so the margin decides.
            "   Footprint unknown (missing facts: model facts): size x margin",
            "⚠️ Not enough RAM! 18.0 GB < 22.8 GB (with 20% reserve)",
            "🔄 Large model: qwen2.5:32b (19.0 GB)",
            "🧹 Unloading currently loaded models (5.7 GB)...",
            "   🗑️ qwen3:8b unloaded",
            "🧹 All models unloaded from RAM",
            "✅ RAM after unloading: 23.7 GB available",
            "✅ qwen2.5:32b loaded in 0.0 s (keep-alive 30m)");
    assertThat(fakes.runtime.calls()).contains("unload qwen3:8b", "load qwen2.5:32b 30m");
    assertThat(fakes.runtime.residentNames())
        .extracting(Object::toString)
        .containsExactly("qwen2.5:32b");
  }

  @Test
  void aModelThatIsNotInstalledUnloadsNothingAndExitsThreeNamingThePull() {
    // In the size table, but not pulled: it cannot load, so nothing may go for it.
    fakes.runtime.resident("qwen3:8b", "5.7", Duration.ofMinutes(10));

    Cli.Result result = Cli.at(home, fakes).run("load", "qwen2.5:32b");

    assertThat(result.exitCode()).isEqualTo(3);
    assertThat(result.err())
        .isEqualTo("smartload: qwen2.5:32b is not installed: ollama pull qwen2.5:32b\n");
    assertThat(fakes.runtime.calls())
        .noneMatch(call -> call.startsWith("unload") || call.startsWith("load"));
  }

  @Test
  void jsonSaysWhatWasUnloadedAndThatItLoaded() {
    fakes.runtime.install("qwen2.5:32b", "19").resident("qwen3:8b", "5.7", Duration.ofMinutes(10));

    Cli.Result result = Cli.at(home, fakes).run("load", "qwen2.5:32b", "--json");

    assertThat(result.exitCode()).isZero();
    assertThat(result.out())
        .contains("\"decision\": \"unload\"")
        .contains("\"outcome\": \"loaded\"")
        .contains("\"unloaded\": [\n    \"qwen3:8b\"\n  ]")
        .contains("\"availableAfterBytes\": 23700000000")
        .contains("\"loaded\": true")
        .doesNotContain("Memory Check");
    assertThat(fakes.runtime.calls()).contains("load qwen2.5:32b 15m");
  }

  @Test
  void strictRefusesAModelThatCannotFitAndUnloadsNothing() {
    fakes.runtime.install("mixtral:8x7b", "26").resident("qwen3:8b", "5.7", Duration.ofMinutes(10));

    Cli.Result result = Cli.at(home, fakes).run("load", "mixtral:8x7b", "--strict");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.out())
        .contains("❌ Not loaded: mixtral:8x7b cannot fit even after unloading (--strict)");
    assertThat(fakes.runtime.calls())
        .noneMatch(call -> call.startsWith("unload") || call.startsWith("load"));
  }

  @Test
  void aRefusedUnloadLeavesTheModelUnloadedAndExitsFour() {
    fakes.runtime.install("qwen2.5:32b", "19").resident("qwen3:8b", "5.7", Duration.ofMinutes(10));
    fakes.runtime.refuseToUnload("qwen3:8b");

    Cli.Result result = Cli.at(home, fakes).run("load", "qwen2.5:32b");

    assertThat(result.exitCode()).isEqualTo(4);
    assertThat(result.out())
        .contains("   ❌ qwen3:8b could not be unloaded: the runtime refused to unload qwen3:8b")
        .contains("❌ Not loaded: there is no room for qwen2.5:32b");
    assertThat(fakes.runtime.calls()).noneMatch(call -> call.startsWith("load"));
  }

  @Test
  void noPreloadOnlyMakesRoom() {
    fakes.runtime.install("qwen2.5:32b", "19").resident("qwen3:8b", "5.7", Duration.ofMinutes(10));

    Cli.Result result = Cli.at(home, fakes).run("load", "qwen2.5:32b", "--no-preload");

    assertThat(result.exitCode()).isZero();
    assertThat(result.out()).contains("✅ Room made for qwen2.5:32b; not loaded (--no-preload)");
    assertThat(fakes.runtime.calls())
        .contains("unload qwen3:8b")
        .noneMatch(c -> c.startsWith("load"));
  }

  @Test
  void aTerminalSeesWhatTheLoadWaitsForOnStderr() {
    fakes.runtime.install("qwen2.5:32b", "19");

    Cli.Result result = Cli.at(home, fakes).interactive().run("load", "qwen2.5:32b");

    assertThat(result.exitCode()).isZero();
    assertThat(result.err()).contains("⏳ Loading qwen2.5:32b... 0s");
    assertThat(result.out()).doesNotContain("⏳");
  }

  @Test
  void withoutATerminalThereIsNoProgress() {
    fakes.runtime.install("qwen2.5:32b", "19");

    Cli.Result result = Cli.at(home, fakes).run("load", "qwen2.5:32b");

    assertThat(result.err()).isEmpty();
  }

  @Test
  void aModelOfUnknownSizeIsAnErrorThatSaysWhatToDo() {
    Cli.Result result = Cli.at(home, fakes).run("plan", "phi4:14b");

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.err().strip())
        .isEqualTo(
            "smartload: the size of phi4:14b is unknown: it is not in the size table and the"
                + " in-memory runtime does not have it installed. Pull it first, or add it to the"
                + " size table.");
  }

  @Test
  void verboseAddsDebugLinesAndTheStackTrace() {
    Cli.Result result = Cli.at(home, fakes).run("load", "phi4:14b", "-v");

    assertThat(result.exitCode()).isEqualTo(3);
    assertThat(result.err())
        .contains("debug: settings: ")
        .contains("io.github.smartload.core.ModelNotInstalledException")
        .contains("\tat io.github.smartload.core.load.SmartLoader")
        .endsWith("smartload: phi4:14b is not installed: ollama pull phi4:14b\n");
  }

  @Test
  void aZeroKeepAliveIsRefusedBeforeAnythingIsAsked() {
    fakes.runtime.install("qwen2.5:32b", "19");

    Cli.Result result = Cli.at(home, fakes).run("load", "qwen2.5:32b", "--keep-alive", "0s");

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.err())
        .startsWith(
            "smartload: Invalid value for option '--keep-alive': a keep-alive of 0s unloads the"
                + " model as soon as it has loaded: give one like 15m, or -1m for forever\n");
    assertThat(fakes.runtime.calls()).isEmpty();
  }

  @Test
  void aBadKeepAliveIsAUsageError() {
    Cli.Result result = Cli.at(home, fakes).run("load", "qwen2.5:32b", "--keep-alive", "300");

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.err())
        .contains("Invalid value for option '--keep-alive': '300' is not a duration");
  }
}
