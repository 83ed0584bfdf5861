package io.github.smartload.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.smartload.core.ByteSize;
import io.github.smartload.core.KeepAlive;
import io.github.smartload.core.LoadedModel;
import io.github.smartload.core.ModelName;
import io.github.smartload.core.port.ModelRuntime;
import io.github.smartload.core.port.RuntimeUnreachableException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code smartload status}: memory and resident models, and what happens when Ollama is down. */
class StatusCommandTest {

  @TempDir Path home;

  private final FakeAdapters fakes = new FakeAdapters("32", "25.5");

  @Test
  void showsMemoryAndTheResidentModels() {
    fakes.runtime.resident("qwen3:8b", "5.7", Duration.ofMinutes(14).plusSeconds(3));

    Cli.Result result = Cli.at(home, fakes).run("status");

    assertThat(result.exitCode()).isZero();
    assertThat(result.lines())
        .containsExactly(
            "📊 Memory (host simulated):",
            "   Total: 32.0 GB",
            "   Available: 19.8 GB",
            "   Swap used: 0.0 GB of 0.0 GB",
            "📊 Loaded models (the in-memory runtime):",
            "   NAME      SIZE    VRAM  EXPIRES",
            "   qwen3:8b  5.7 GB  0%    in 14m3s");
  }

  @Test
  void jsonHoldsMemoryAndModels() {
    fakes.runtime.resident("qwen3:8b", "5.7", Duration.ofMinutes(10));

    Cli.Result result = Cli.at(home, fakes).run("status", "--json");

    assertThat(result.out())
        .contains("\"totalBytes\": 32000000000")
        .contains("\"availableBytes\": 19800000000")
        .contains("\"swapTotalBytes\": 0")
        .contains("\"source\": \"host\"")
        .contains("\"name\": \"qwen3:8b\"")
        .contains("\"sizeBytes\": 5700000000")
        .contains("\"vramBytes\": 0")
        .contains("\"expiresAt\": \"2026-11-27T04:10:00Z\"")
        .doesNotContain("error");
  }

  @Test
  void ollamaDownStillShowsMemoryAndExitsThree() {
    fakes.serving(new Unreachable());

    Cli.Result result = Cli.at(home, fakes).run("status", "--json");

    assertThat(result.exitCode()).isEqualTo(3);
    assertThat(result.out())
        .contains("\"availableBytes\": 25500000000")
        .contains("\"models\": []")
        .contains("\"error\": \"cannot reach Ollama at http://127.0.0.1:1\"");
    assertThat(result.err()).isEqualTo("smartload: cannot reach Ollama at http://127.0.0.1:1\n");
  }

  @Test
  void ollamaDownInTheLogShowsMemoryThenTheError() {
    fakes.serving(new Unreachable());

    Cli.Result result = Cli.at(home, fakes).run("status");

    assertThat(result.exitCode()).isEqualTo(3);
    assertThat(result.out()).contains("Available: 25.5 GB").doesNotContain("Loaded models");
  }

  /** A runtime that is not there. */
  static final class Unreachable implements ModelRuntime {
    @Override
    public String describe() {
      return "Ollama at http://127.0.0.1:1";
    }

    @Override
    public List<LoadedModel> loadedModels() {
      throw new RuntimeUnreachableException("cannot reach Ollama at http://127.0.0.1:1", null);
    }

    @Override
    public java.util.Set<ModelName> installedModels() {
      loadedModels();
      return java.util.Set.of();
    }

    @Override
    public Optional<ByteSize> sizeOf(ModelName model) {
      loadedModels();
      return Optional.empty();
    }

    @Override
    public void unload(ModelName model) {
      loadedModels();
    }

    @Override
    public void load(ModelName model, KeepAlive keepAlive) {
      loadedModels();
    }
  }
}
