package io.github.smartload.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.smartload.core.ByteSize;
import io.github.smartload.ollama.fake.FakeOllama;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code smartload load} by footprint end to end: the real runtime reads llama3.1:8b's facts from
 * the fake Ollama's {@code /api/show}, whose resident size is what llama.cpp allocates at the
 * context asked for. The margin's answer is run beside it on the same machine.
 */
class FootprintEndToEndTest {

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

  /**
   * 32 GB; qwen3:8b resident with 5.7 GB; llama3.1:8b holding {@code llamaResident} once loaded.
   */
  private FakeOllama machine(String base, String llamaResident) throws IOException {
    String facts = Files.readString(Path.of("src/test/resources/show/llama3.1-8b.json"));
    return FakeOllama.builder()
        .totalMemory(gb("32"))
        .baseUsage(gb(base))
        .install("qwen3:8b", gb("5.2"))
        .residentSize("qwen3:8b", gb("5.7"))
        .install("llama3.1:8b", gb("4.9"))
        .residentSize("llama3.1:8b", gb(llamaResident))
        .showAnswer("llama3.1:8b", facts)
        .unloadDelay(Duration.ofMillis(50))
        .procfsRoot(procfs)
        .start()
        .preload("qwen3:8b");
  }

  private Cli.Result smartload(String... args) {
    String[] all = new String[args.length + 6];
    System.arraycopy(args, 0, all, 0, args.length);
    all[args.length] = "--host";
    all[args.length + 1] = ollama.url().toString();
    all[args.length + 2] = "--procfs";
    all[args.length + 3] = procfs.toString();
    all[args.length + 4] = "--sysfs";
    all[args.length + 5] = sysfs.toString();
    return Cli.at(home).run(all);
  }

  @Test
  void aLongContextTheMarginLoadsIntoSwapIsGivenRoomByFootprint() throws IOException {
    // 8.0 GB available; at 32768 tokens llama3.1:8b holds 9.6 GB, where the margin says 6.0 GB.
    ollama = machine("18.3", "9.6");

    Cli.Result result = smartload("load", "llama3.1:8b", "--context", "32768");

    assertThat(result.exitCode()).isZero();
    assertThat(result.lines())
        .contains(
            "   New model: llama3.1:8b (5.0 GB weights + 4.3 GB KV at 32768 tokens + 0.3 GB"
                + " buffers)",
            "⚠️ Not enough RAM! 8.0 GB < 9.6 GB (footprint at 32768 tokens)",
            "   🗑️ qwen3:8b unloaded");
    assertThat(ollama.everOvercommitted()).isFalse();
    assertThat(ollama.requests("/api/generate").get(1).body())
        .contains("\"options\":{\"num_ctx\":32768}");
  }

  @Test
  void theMarginLoadsTheSameModelBesideTheOtherAndOvercommits() throws IOException {
    ollama = machine("18.3", "9.6");

    Cli.Result result =
        smartload("load", "llama3.1:8b", "--context", "32768", "--estimate", "margin");

    assertThat(result.exitCode()).isZero();
    assertThat(result.lines()).contains("✅ Enough RAM! 8.0 GB > 6.0 GB (with 20% reserve)");
    assertThat(ollama.everOvercommitted()).isTrue();
  }

  @Test
  void aShortContextFitsByFootprintWhereTheMarginWouldUnload() throws IOException {
    // 5.8 GB available; at 2048 tokens llama3.1:8b needs 5.5 GB, where the margin says 6.0 GB.
    ollama = machine("20.5", "5.5");

    Cli.Result byFootprint = smartload("plan", "llama3.1:8b", "--context", "2048");
    Cli.Result byMargin =
        smartload("plan", "llama3.1:8b", "--context", "2048", "--estimate", "margin");
    Cli.Result loaded = smartload("load", "llama3.1:8b", "--context", "2048");

    assertThat(byFootprint.lines())
        .contains("✅ Enough RAM! 5.8 GB > 5.5 GB (footprint at 2048 tokens)");
    assertThat(byMargin.lines()).contains("🧹 Would unload: qwen3:8b (5.7 GB)");
    assertThat(loaded.exitCode()).isZero();
    assertThat(ollama.residentModels())
        .extracting(Object::toString)
        .containsExactlyInAnyOrder("qwen3:8b", "llama3.1:8b");
    assertThat(ollama.everOvercommitted()).isFalse();
  }

  @Test
  void aModelResidentAtAnotherContextIsReloadedAtTheOneAsked() throws IOException {
    // 8.0 GB available with llama3.1:8b (holding 5.5 GB) resident at 4096 tokens beside qwen3:8b.
    ollama = machine("12.8", "5.5");
    ollama.preloadAt("llama3.1:8b", 4096);

    Cli.Result result = smartload("load", "llama3.1:8b", "--context", "32768");

    assertThat(result.exitCode()).isZero();
    assertThat(result.lines())
        .doesNotContain("✅ llama3.1:8b is already loaded: nothing to do")
        .contains("✅ Enough RAM! 13.5 GB > 9.6 GB (footprint at 32768 tokens)");
    assertThat(ollama.contextOf("llama3.1:8b")).contains(32768);
  }

  @Test
  void aModelWhoseFactsOllamaLacksIsDecidedByMarginSayingSo() throws IOException {
    ollama = machine("18.3", "9.6");

    Cli.Result log = smartload("plan", "qwen3:8b");
    Cli.Result json = smartload("plan", "qwen3:8b", "--json");

    assertThat(log.lines())
        .anyMatch(line -> line.startsWith("   Footprint unknown (missing facts: "));
    assertThat(json.out()).contains("\"estimate\": \"margin\"").contains("\"missingFacts\": [");
  }

  private static ByteSize gb(String gigabytes) {
    return ByteSize.ofGigabytes(gigabytes);
  }
}
