package io.github.smartload.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.smartload.core.ByteSize;
import io.github.smartload.core.KeepAlive;
import io.github.smartload.core.LoadedModel;
import io.github.smartload.core.ModelName;
import io.github.smartload.core.port.ModelRuntime;
import io.github.smartload.core.port.RuntimeProtocolException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code smartload doctor} over core's fakes and a temp systemd tree. */
class DoctorCommandTest {

  @TempDir Path home;

  @TempDir Path root;

  @Test
  void aHealthyMachineIsAllOkAndExitsZero() throws IOException {
    FakeAdapters fakes = new FakeAdapters("34", "30");
    fakes.runtime.resident("qwen3:8b", "5.7", Duration.ofMinutes(10));
    Path unit = root.resolve("etc/systemd/system/ollama.service");
    Files.createDirectories(unit.getParent());
    Files.writeString(unit, "[Service]\nEnvironment=\"OLLAMA_KEEP_ALIVE=15m\"\n");

    Cli.Result result = Cli.at(home, fakes).run("doctor", "--systemd-root", root.toString());

    assertThat(result.exitCode()).isZero();
    assertThat(result.lines())
        .containsExactly(
            "[OK]   Ollama: version 0.12.0 at the in-memory runtime",
            "[OK]   swap: no swap configured",
            "[OK]   memory pressure: not reported by this kernel (no PSI)",
            "[OK]   RAM: 34.0 GB total (host simulated)",
            "[OK]   OLLAMA_KEEP_ALIVE: OLLAMA_KEEP_ALIVE=15m in " + unit,
            "[OK]   OLLAMA_CONTEXT_LENGTH: not set: Ollama's default, automatic by total VRAM"
                + " (4096 without, 32768 from 23 GiB, 262144 from 47 GiB)",
            "[OK]   OLLAMA_NUM_PARALLEL: not set: Ollama's default, 1",
            "[OK]   OLLAMA_KV_CACHE_TYPE: not set: Ollama's default, f16",
            "[OK]   OLLAMA_FLASH_ATTENTION: not set: Ollama's default, auto (on for the CPU)",
            "[OK]   OLLAMA_MAX_LOADED_MODELS: not set: Ollama's default, 3 for each graphics card (3 without one)",
            "[OK]   loaded models: qwen3:8b hold 5.7 GB, fit together in 34.0 GB");
  }

  @Test
  void ollamasServerSettingsAreShownWithWhereEachWasRead() throws IOException {
    FakeAdapters fakes = new FakeAdapters("34", "30");
    Path unit = root.resolve("etc/systemd/system/ollama.service");
    Files.createDirectories(unit.getParent());
    Files.writeString(
        unit, "[Service]\nEnvironment=\"OLLAMA_CONTEXT_LENGTH=8192\" \"OLLAMA_NUM_PARALLEL=4\"\n");
    Path config = home.resolve("config.json");
    Files.writeString(config, "{\"ollamaServer\": {\"OLLAMA_KV_CACHE_TYPE\": \"q8_0\"}}");

    Cli.Result result =
        Cli.at(home, fakes)
            .env("OLLAMA_NUM_PARALLEL", "2")
            .run("doctor", "--systemd-root", root.toString(), "--config", config.toString());

    assertThat(result.lines())
        .contains(
            "[OK]   OLLAMA_CONTEXT_LENGTH: 8192 (from " + unit + ")",
            "[OK]   OLLAMA_NUM_PARALLEL: 2 (from the environment)",
            "[OK]   OLLAMA_KV_CACHE_TYPE: q8_0 (from the config file " + config + ")");
  }

  @Test
  void findingsComeWithAFixAndJsonListsThem() {
    FakeAdapters fakes = new FakeAdapters("24", "20");

    Cli.Result result =
        Cli.at(home, fakes).run("doctor", "--systemd-root", root.toString(), "--json");

    assertThat(result.exitCode()).isZero();
    assertThat(result.out())
        .contains("\"name\": \"RAM\",\n      \"status\": \"WARN\"")
        .contains("\"fix\": \"use models below 10 GB, or add RAM: 32 GB recommended\"");
  }

  @Test
  void ollamaDownFailsTheFirstCheckAndExitsThree() {
    FakeAdapters fakes = new FakeAdapters("34", "30");
    fakes.serving(new StatusCommandTest.Unreachable());

    Cli.Result result = Cli.at(home, fakes).run("doctor", "--systemd-root", root.toString());

    assertThat(result.exitCode()).isEqualTo(3);
    assertThat(result.lines())
        .startsWith(
            "[FAIL] Ollama: cannot reach Ollama at http://127.0.0.1:1",
            "       fix: start it (systemctl start ollama) or point --host / OLLAMA_HOST at it");
  }

  @Test
  void somethingElseAnsweringIsNotToldToStartOllama() {
    FakeAdapters fakes = new FakeAdapters("34", "30");
    fakes.serving(new Garbled());

    Cli.Result result = Cli.at(home, fakes).run("doctor", "--systemd-root", root.toString());

    assertThat(result.exitCode()).isEqualTo(3);
    assertThat(result.lines())
        .startsWith(
            "[FAIL] Ollama: the answer to GET /api/ps is not JSON",
            "       fix: something else answers there: point --host / OLLAMA_HOST at Ollama");
  }

  /** A server that answers, but not as Ollama does. */
  static final class Garbled implements ModelRuntime {
    @Override
    public String describe() {
      return "Ollama at http://127.0.0.1:8080";
    }

    @Override
    public List<LoadedModel> loadedModels() {
      throw new RuntimeProtocolException("the answer to GET /api/ps is not JSON", null);
    }

    @Override
    public java.util.Set<ModelName> installedModels() {
      throw new RuntimeProtocolException("the answer to GET /api/tags is not JSON", null);
    }

    @Override
    public Optional<ByteSize> sizeOf(ModelName model) {
      return Optional.empty();
    }

    @Override
    public void unload(ModelName model) {}

    @Override
    public void load(ModelName model, KeepAlive keepAlive) {}
  }
}
