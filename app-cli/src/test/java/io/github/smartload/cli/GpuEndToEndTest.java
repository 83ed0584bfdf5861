package io.github.smartload.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.smartload.core.ByteSize;
import io.github.smartload.ollama.fake.FakeOllama;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI with a GPU, end to end: the real probes (meminfo and the fake's stand-in nvidia-smi) and
 * the real Ollama runtime against the fake Ollama, whose GPU holds the model's layers.
 */
class GpuEndToEndTest {

  private static final ByteSize GPU_TOTAL = ByteSize.ofBytes(24L << 30);

  @TempDir Path home;
  @TempDir Path procfs;
  @TempDir Path sysfs;
  @TempDir Path tools;

  private FakeOllama ollama;

  @AfterEach
  void stop() {
    if (ollama != null) {
      ollama.close();
    }
  }

  private Cli.Result smartload(String... args) {
    String[] common = {
      "--host", ollama.url().toString(),
      "--procfs", procfs.toString(),
      "--sysfs", sysfs.toString(),
      "--nvidia-smi", ollama.nvidiaSmi().toString()
    };
    String[] all = new String[args.length + common.length];
    System.arraycopy(args, 0, all, 0, args.length);
    System.arraycopy(common, 0, all, args.length, common.length);
    return Cli.at(home).run(all);
  }

  private FakeOllama.Builder machine() {
    return FakeOllama.builder()
        .totalMemory(ByteSize.ofGigabytes("16"))
        .baseUsage(ByteSize.ofGigabytes("4"))
        .install("qwen2.5:32b", ByteSize.ofGigabytes("19"))
        .gpu("NVIDIA GeForce RTX 4090", GPU_TOTAL)
        .unloadDelay(Duration.ofMillis(50))
        .procfsRoot(procfs)
        .nvidiaSmi(tools);
  }

  @Test
  void unloadReturnsOnceTheGpuHasTheModelsVramBack() {
    ollama =
        machine()
            .memoryReturnDelay(Duration.ZERO)
            .vramReturnDelay(Duration.ofMillis(1500))
            .start()
            .preload("qwen2.5:32b");

    Cli.Result result = smartload("unload", "--all");

    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(ollama.residentModels()).isEmpty();
    assertThat(ollama.vramFree(0)).isEqualTo(GPU_TOTAL);
  }

  @Test
  void statusJsonShowsTheGpuAndTheModelsVramShare() {
    ollama = machine().start().preload("qwen2.5:32b");

    Cli.Result result = smartload("status", "--json");

    assertThat(result.exitCode()).as(result.err()).isZero();
    long usedMib = (19_000_000_000L + (1 << 20) - 1) >> 20;
    assertThat(result.out().replace("\": ", "\":")) // pretty-printed: one space after a key
        .contains("\"name\":\"NVIDIA GeForce RTX 4090\"")
        .contains("\"totalBytes\":" + GPU_TOTAL.bytes())
        .contains("\"usedBytes\":" + (usedMib << 20))
        .contains("\"vramBytes\":19000000000")
        // the model's RAM part is nothing: 16 GB - 4 GB base
        .contains("\"availableBytes\":12000000000");
  }
}
