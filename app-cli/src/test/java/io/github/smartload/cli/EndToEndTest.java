package io.github.smartload.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.github.smartload.core.ByteSize;
import io.github.smartload.ollama.fake.FakeOllama;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every command end to end: picocli, Guice, the real memory probe over a temp procfs and the real
 * Ollama runtime over HTTP against the in-process fake Ollama, whose simulated RAM is mirrored into
 * that procfs. Nothing of core is stubbed.
 */
class EndToEndTest {

  @TempDir Path home;

  @TempDir Path procfs;

  @TempDir Path sysfs;

  private FakeOllama ollama;

  @AfterEach
  void stop() {
    if (ollama != null) {
      ollama.close();
    }
  }

  /** The original's machine: 32 GB, 8.3 GB taken by the rest, so 18.0 GB left beside qwen3:8b. */
  private FakeOllama.Builder machine() {
    return FakeOllama.builder()
        .totalMemory(gb("32"))
        .baseUsage(gb("8.3"))
        .swapTotal(gb("8"))
        .install("qwen2.5:32b", gb("19"))
        .install("qwen2.5:14b", gb("9"))
        .install("mixtral:8x7b", gb("26"))
        .install("qwen3:8b", gb("5.2"))
        .residentSize("qwen3:8b", gb("5.7"))
        .install("qwen3:1.7b", gb("1.4"))
        .residentSize("qwen3:1.7b", gb("2.0"))
        .unloadDelay(Duration.ofMillis(100))
        .procfsRoot(procfs);
  }

  private Cli.Result smartload(String... args) {
    String[] all = new String[args.length + 6];
    System.arraycopy(args, 0, all, 0, args.length);
    all[args.length] = "--host";
    all[args.length + 1] = ollama == null ? "127.0.0.1:" + closedPort() : ollama.url().toString();
    all[args.length + 2] = "--procfs";
    all[args.length + 3] = procfs.toString();
    all[args.length + 4] = "--sysfs";
    all[args.length + 5] = sysfs.toString();
    return Cli.at(home).run(all);
  }

  @Test
  void scenarioThreeUnloadsTheResidentModelWaitsForItsMemoryAndLoads() {
    ollama = machine().start().preload("qwen3:8b");

    Cli.Result result = smartload("load", "qwen2.5:32b");

    assertThat(result.exitCode()).isZero();
    assertThat(result.lines())
        .startsWith(
            "📊 Memory Check:",
            "   Available: 18.0 GB",
            "   Loaded: 5.7 GB",
            "   New model: qwen2.5:32b (19.0 GB)",
            // The fake's /api/show carries no model shape: the margin decides, saying why.
            "   Footprint unknown (missing facts: block_count, attention.head_count_kv,"
                + " embedding_length, attention.head_count, vocab_size): size x margin",
            "⚠️ Not enough RAM! 18.0 GB < 22.8 GB (with 20% reserve)",
            "🔄 Large model: qwen2.5:32b (19.0 GB)",
            "🧹 Unloading currently loaded models (5.7 GB)...",
            "   🗑️ qwen3:8b unloaded",
            "🧹 All models unloaded from RAM",
            "✅ RAM after unloading: 23.7 GB available");
    assertThat(result.lines().get(11))
        .matches("✅ qwen2.5:32b loaded in \\d+\\.\\d s \\(keep-alive 15m\\)");
    assertThat(ollama.residentModels()).extracting(Object::toString).containsExactly("qwen2.5:32b");
    assertThat(ollama.everOvercommitted()).isFalse();
    assertThat(ollama.requests("/api/generate").get(1).body()).contains("\"keep_alive\":\"15m\"");
  }

  @Test
  void scenarioTwoLoadsBesideTheSmallModel() {
    ollama = machine().baseUsage(gb("4.5")).start().preload("qwen3:1.7b");

    Cli.Result result = smartload("load", "qwen2.5:14b");

    assertThat(result.exitCode()).isZero();
    assertThat(result.lines())
        .startsWith(
            "📊 Memory Check:",
            "   Available: 25.5 GB",
            "   Loaded: 2.0 GB",
            "   New model: qwen2.5:14b (9.0 GB)",
            // The fake's /api/show carries no model shape: the margin decides, saying why.
            "   Footprint unknown (missing facts: block_count, attention.head_count_kv,"
                + " embedding_length, attention.head_count, vocab_size): size x margin",
            "✅ Enough RAM! 25.5 GB > 10.8 GB (with 20% reserve)",
            "   No unloading needed - the model fits!");
    assertThat(ollama.residentModels())
        .extracting(Object::toString)
        .containsExactlyInAnyOrder("qwen2.5:14b", "qwen3:1.7b");
  }

  @Test
  void scenarioOneASmallModelSizedByOllamaUnloadsNothing() {
    ollama = machine().baseUsage(gb("6.5")).start();

    Cli.Result result = smartload("plan", "qwen3:1.7b");

    assertThat(result.lines())
        .containsExactly(
            "📊 Memory Check:",
            "   Available: 25.5 GB",
            "   Loaded: 0.0 GB",
            "   New model: qwen3:1.7b (1.4 GB)",
            // The fake's /api/show carries no model shape: the margin decides, saying why.
            "   Footprint unknown (missing facts: block_count, attention.head_count_kv,"
                + " embedding_length, attention.head_count, vocab_size): size x margin",
            "✅ Small model (below 5.0 GB): no unloading needed");
  }

  @Test
  void strictRefusesWhatCannotFitAndTouchesNothing() {
    ollama = machine().totalMemory(gb("24")).start().preload("qwen3:8b");

    Cli.Result result = smartload("load", "mixtral:8x7b", "--strict");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.out())
        .contains("❌ Not loaded: mixtral:8x7b cannot fit even after unloading (--strict)");
    assertThat(ollama.requests("/api/generate")).isEmpty();
    assertThat(ollama.residentModels()).extracting(Object::toString).containsExactly("qwen3:8b");
  }

  @Test
  void aModelThatDoesNotLeaveInTimeIsAnUnloadFailure() {
    ollama = machine().unloadDelay(Duration.ofSeconds(30)).start().preload("qwen3:8b");

    Cli.Result result = smartload("unload", "qwen3:8b", "--unload-timeout", "1s");

    assertThat(result.exitCode()).isEqualTo(4);
    assertThat(result.out()).contains("❌ qwen3:8b could not be unloaded: Ollama at ");
  }

  @Test
  void unloadConfirmsTheMemoryCameBack() {
    ollama = machine().start().preload("qwen3:8b").preload("qwen3:1.7b");

    Cli.Result result = smartload("unload", "--all");

    assertThat(result.exitCode()).isZero();
    // In the order Ollama lists them: latest expiry first.
    assertThat(result.lines())
        .hasSize(5)
        .startsWith("🧹 Unloading currently loaded models...")
        .endsWith("🧹 All models unloaded from RAM", "✅ RAM after unloading: 23.7 GB available")
        .contains("   🗑️ qwen3:8b unloaded", "   🗑️ qwen3:1.7b unloaded");
    assertThat(ollama.residentModels()).isEmpty();
  }

  @Test
  void statusShowsTheMemoryTheProbeReadsAndTheModelsOllamaLists() {
    ollama = machine().start().preload("qwen3:8b");

    Cli.Result result = smartload("status");

    assertThat(result.exitCode()).isZero();
    assertThat(result.out())
        .contains("   Total: 32.0 GB")
        .contains("   Available: 18.0 GB")
        .contains("   Swap used: 0.0 GB of 8.0 GB")
        .containsPattern("   qwen3:8b +5\\.7 GB +0% +in 4m5\\ds");
  }

  @Test
  void ollamaDownStatusStillShowsMemoryAndExitsThree() throws IOException {
    ollama = machine().start();
    ollama.close();
    ollama = null;
    Files.writeString(
        procfs.resolve("meminfo"),
        "MemTotal: 31250000 kB\nMemFree: 1000000 kB\nMemAvailable: 17578125 kB\n"
            + "SwapTotal: 0 kB\nSwapFree: 0 kB\n");

    Cli.Result status = smartload("status", "--json");
    Cli.Result load = smartload("load", "qwen2.5:32b");

    assertThat(status.exitCode()).isEqualTo(3);
    assertThat(status.out()).contains("\"availableBytes\": 18000000000").contains("\"error\": ");
    assertThat(status.err()).startsWith("smartload: ").hasLineCount(1);
    assertThat(load.exitCode()).isEqualTo(3);
    assertThat(load.err().lines()).hasSize(1);
    assertThat(load.err()).startsWith("smartload: ");
  }

  @Test
  void aRuntimeKilledDuringTheLoadIsReportedAsADeathWithExitFiveNotAsNotRunning() {
    ollama = machine().start().preload("qwen3:8b").dieDuringNextLoad();

    Cli.Result load = smartload("load", "qwen2.5:32b", "--no-emoji");

    assertThat(load.exitCode()).isEqualTo(5);
    assertThat(load.err())
        .isEqualTo(
            "smartload: Ollama at http://127.0.0.1:"
                + ollama.url().port()
                + " stopped answering during the load of qwen2.5:32b (the connection closed"
                + " before an answer): the load's outcome is unknown. Look in its journal"
                + " (journalctl -u ollama) and, for an out-of-memory kill, in the kernel's"
                + " (journalctl -k | grep -i oom).\n")
        .doesNotContain("ollama serve");
    assertThat(ollama.isRunning()).isFalse();
    // The unload of qwen3:8b, then the one load that killed the server: it was not resent.
    assertThat(ollama.requests("/api/generate"))
        .extracting(request -> request.body().contains("\"keep_alive\":0"))
        .containsExactly(true, false);
  }

  @Test
  void aRuntimeKilledDuringTheLoadIsSaidInGermanUnderLangDe() {
    ollama = machine().start().dieDuringNextLoad();

    Cli.Result load = smartload("load", "qwen2.5:32b", "--no-emoji", "--lang", "de");

    assertThat(load.exitCode()).isEqualTo(5);
    assertThat(load.err())
        .isEqualTo(
            "smartload: Ollama unter http://127.0.0.1:"
                + ollama.url().port()
                + " hat beim Laden von qwen2.5:32b aufgehört zu antworten (die Verbindung wurde"
                + " vor einer Antwort geschlossen): ob das Modell geladen wurde, ist unbekannt."
                + " Siehe sein Journal (journalctl -u ollama) und, bei einem Abbruch wegen"
                + " Speichermangels, das des Kernels (journalctl -k | grep -i oom).\n");
  }

  @Test
  void aRuntimeKilledDuringTheLoadIsAJsonErrorWithExitFive() {
    ollama = machine().start().dieDuringNextLoad();

    Cli.Result load = smartload("load", "qwen3:1.7b", "--json");

    assertThat(load.exitCode()).isEqualTo(5);
    assertThat(load.out()).contains("\"error\": \"Ollama at ").contains("stopped answering");
    assertThat(load.err().lines()).hasSize(1);
  }

  @Test
  void garbageFromApiPsIsAProtocolErrorAndNothingIsUnloaded() throws IOException {
    ollama = machine().start().preload("qwen3:8b");
    HttpServer garbage =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    garbage.createContext(
        "/",
        exchange -> {
          byte[] body = "<html>502 Bad Gateway</html>".getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(200, body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    garbage.start();
    try {
      Cli.Result result =
          Cli.at(home)
              .run(
                  "load",
                  "qwen2.5:32b",
                  "--host",
                  "127.0.0.1:" + garbage.getAddress().getPort(),
                  "--procfs",
                  procfs.toString(),
                  "--sysfs",
                  sysfs.toString());

      assertThat(result.exitCode()).isEqualTo(3);
      assertThat(result.err().lines()).hasSize(1);
      assertThat(result.out()).isEmpty();
      assertThat(ollama.residentModels()).extracting(Object::toString).containsExactly("qwen3:8b");
    } finally {
      garbage.stop(0);
    }
  }

  @Test
  void aBadConfigFileStopsBeforeAnythingIsAsked() throws IOException {
    ollama = machine().start().preload("qwen3:8b");
    Path config = home.resolve("bad.json");
    Files.writeString(config, "{\"margin\": \"lots\"}");

    Cli.Result result = smartload("load", "qwen2.5:32b", "--config", config.toString());

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.err())
        .isEqualTo(
            "smartload: config file "
                + config
                + ", key 'margin': 'lots' is not a margin: give a factor like 1.2 or a percentage"
                + " like 20%\n");
    assertThat(ollama.requests()).isEmpty();
  }

  @Test
  void badSizesAndNamesOnTheCommandLineAskNothing() {
    ollama = machine().start().preload("qwen3:8b");

    Cli.Result badName = smartload("load", "qwen2.5:32b!");
    Cli.Result badSize = smartload("load", "qwen2.5:32b", "--threshold", "5XB");

    assertThat(badName.exitCode()).isEqualTo(1);
    assertThat(badName.err()).contains("'qwen2.5:32b!' is not a model name");
    assertThat(badSize.exitCode()).isEqualTo(1);
    assertThat(badSize.err()).contains("'5XB' has an unknown unit 'XB'");
    assertThat(ollama.requests()).isEmpty();
  }

  @Test
  void doctorReadsTheServersVersionAndTheSystemdUnit() throws IOException {
    ollama = machine().start().preload("qwen3:8b");
    Path root = home.resolve("root");
    Path unit = root.resolve("etc/systemd/system/ollama.service");
    Files.createDirectories(unit.getParent());
    Files.writeString(unit, "[Service]\nEnvironment=\"OLLAMA_KEEP_ALIVE=5m\"\n");

    Cli.Result result = smartload("doctor", "--systemd-root", root.toString());

    assertThat(result.exitCode()).isZero();
    assertThat(result.out())
        .contains("[OK]   Ollama: version 0.13.0 at Ollama at ")
        .contains("[WARN] OLLAMA_KEEP_ALIVE: OLLAMA_KEEP_ALIVE=5m in " + unit);
  }

  private static int closedPort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static ByteSize gb(String gigabytes) {
    return ByteSize.ofGigabytes(gigabytes);
  }
}
