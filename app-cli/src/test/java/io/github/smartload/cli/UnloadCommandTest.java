package io.github.smartload.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code smartload unload} over core's fakes. */
class UnloadCommandTest {

  @TempDir Path home;

  private final FakeAdapters fakes = new FakeAdapters("32", "20");

  @Test
  void unloadsEveryModelAndConfirmsTheMemoryCameBack() {
    fakes.runtime.resident("qwen3:8b", "5.7", Duration.ofMinutes(10));
    fakes.runtime.resident("qwen3:1.7b", "2.0", Duration.ofMinutes(5));

    Cli.Result result = Cli.at(home, fakes).run("unload", "--all");

    assertThat(result.exitCode()).isZero();
    assertThat(result.lines())
        .containsExactly(
            "🧹 Unloading currently loaded models...",
            "   🗑️ qwen3:8b unloaded",
            "   🗑️ qwen3:1.7b unloaded",
            "🧹 All models unloaded from RAM",
            "✅ RAM after unloading: 20.0 GB available");
    assertThat(fakes.runtime.residentNames()).isEmpty();
  }

  @Test
  void unloadsOnlyTheNamedModelAndSaysWhichWereNotLoaded() {
    fakes.runtime.resident("qwen3:8b", "5.7", Duration.ofMinutes(10));
    fakes.runtime.resident("qwen3:1.7b", "2.0", Duration.ofMinutes(5));

    Cli.Result result = Cli.at(home, fakes).run("unload", "qwen3:8b", "llama3.1:8b", "--json");

    assertThat(result.exitCode()).isZero();
    assertThat(result.out())
        .contains("\"unloaded\": [\n    \"qwen3:8b\"\n  ]")
        .contains("\"notLoaded\": [\n    \"llama3.1:8b\"\n  ]")
        .contains("\"memoryCameBack\": true");
    assertThat(fakes.runtime.residentNames())
        .extracting(Object::toString)
        .containsExactly("qwen3:1.7b");
  }

  @Test
  void aModelThatStaysResidentExitsFour() {
    fakes.runtime.resident("qwen3:8b", "5.7", Duration.ofMinutes(10)).neverUnloads("qwen3:8b");

    Cli.Result result = Cli.at(home, fakes).run("unload", "--all", "--unload-timeout", "2s");

    assertThat(result.exitCode()).isEqualTo(4);
    assertThat(result.out())
        .contains(
            "❌ qwen3:8b could not be unloaded: the in-memory runtime still lists it after 2s");
  }

  @Test
  void memoryThatDoesNotComeBackExitsFour() {
    fakes.memory.lagging(10);
    fakes.runtime.resident("qwen3:8b", "5.7", Duration.ofMinutes(10));

    Cli.Result result = Cli.at(home, fakes).run("unload", "qwen3:8b");

    assertThat(result.exitCode()).isEqualTo(4);
    assertThat(result.lines())
        .endsWith(
            "✅ RAM after unloading: 14.3 GB available",
            "⚠️ Only 0.0 GB of the 5.7 GB the models held came back in time");
  }

  @Test
  void neitherNamesNorAllIsAUsageError() {
    Cli.Result result = Cli.at(home, fakes).run("unload");

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.err())
        .startsWith(
            "smartload: name the models to unload, or give --all to unload every loaded model");
    assertThat(fakes.runtime.calls()).isEmpty();
  }

  @Test
  void nothingLoadedIsNotAnError() {
    Cli.Result result = Cli.at(home, fakes).run("unload", "--all");

    assertThat(result.exitCode()).isZero();
    assertThat(result.out()).isEqualTo("✅ No model is loaded: nothing to unload\n");
  }
}
