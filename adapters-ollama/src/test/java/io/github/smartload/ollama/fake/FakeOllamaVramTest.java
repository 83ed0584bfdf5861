package io.github.smartload.ollama.fake;

import static org.assertj.core.api.Assertions.assertThat;

import com.squareup.moshi.Moshi;
import io.github.smartload.core.ByteSize;
import io.github.smartload.core.GpuDevice;
import io.github.smartload.core.LoadedModel;
import io.github.smartload.core.ModelName;
import io.github.smartload.ollama.OllamaRuntime;
import io.github.smartload.ollama.OllamaTimeouts;
import io.github.smartload.proc.NvidiaSmiProbe;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.BooleanSupplier;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fake's GPUs: layers go to VRAM first as Ollama places them, {@code /api/ps} reports {@code
 * size_vram}, RAM takes only the rest, and the stand-in nvidia-smi shows it to the real probe.
 */
class FakeOllamaVramTest {

  private static final ByteSize GIB = ByteSize.ofBytes(1L << 30);

  @TempDir Path procfs;
  @TempDir Path tools;

  private final OkHttpClient client = new OkHttpClient();
  private FakeOllama fake;

  @AfterEach
  void stop() {
    if (fake != null) {
      fake.close();
    }
  }

  private FakeOllama start(ByteSize gpuTotal) {
    fake =
        FakeOllama.builder()
            .totalMemory(ByteSize.ofGigabytes("16"))
            .baseUsage(ByteSize.ofGigabytes("2"))
            .install("qwen2.5:32b", ByteSize.ofGigabytes("19"))
            .install("big:16gb", ByteSize.ofGigabytes("16"))
            .gpu("NVIDIA GeForce RTX 4090", gpuTotal)
            .unloadDelay(Duration.ofMillis(50))
            .vramReturnDelay(Duration.ofMillis(300))
            .procfsRoot(procfs)
            .nvidiaSmi(tools)
            .start();
    return fake;
  }

  private LoadedModel listed(String model) {
    OllamaRuntime runtime =
        new OllamaRuntime(
            client, new Moshi.Builder().build(), fake.url(), OllamaTimeouts.defaults());
    return runtime.loadedModels().stream()
        .filter(m -> m.name().equals(ModelName.parse(model)))
        .findFirst()
        .orElseThrow();
  }

  private List<GpuDevice> nvidiaSmi() {
    return new NvidiaSmiProbe(fake.nvidiaSmi().toString(), Duration.ofSeconds(30)).devices();
  }

  @Test
  void aModelThatFitsTheGpuTakesNoRamAndReportsItsVram() {
    start(ByteSize.ofBytes(24 * GIB.bytes()));

    fake.preload("qwen2.5:32b");

    // 19 GB <= 80% of 24 GiB free: one GPU; within 24 GiB - 1 GiB margin: every layer on it.
    assertThat(listed("qwen2.5:32b").vram()).isEqualTo(ByteSize.ofGigabytes("19"));
    assertThat(fake.available()).isEqualTo(ByteSize.ofGigabytes("14"));
    assertThat(fake.vramFree(0)).isEqualTo(ByteSize.ofBytes(24 * GIB.bytes() - 19_000_000_000L));
  }

  @Test
  void aModelLargerThanTheGpuLeavesItsFirstBlocksInRam() {
    start(ByteSize.ofGigabytes("12"));

    fake.preload("big:16gb");

    // 32 blocks of 0.5 GB; the target is 12 GB - 1 GiB = 10.93 GB: 21 blocks (10.5 GB) fit.
    assertThat(listed("big:16gb").vram()).isEqualTo(ByteSize.ofGigabytes("10.5"));
    assertThat(fake.available()).isEqualTo(ByteSize.ofGigabytes("8.5"));
  }

  @Test
  void theStandInNvidiaSmiShowsTheVramAndItsReturnAfterAnUnload() throws InterruptedException {
    start(ByteSize.ofBytes(24 * GIB.bytes()));
    assertThat(nvidiaSmi())
        .singleElement()
        .satisfies(gpu -> assertThat(gpu.free()).isEqualTo(gpu.total()));

    fake.preload("qwen2.5:32b");
    long usedMib = (19_000_000_000L + (1L << 20) - 1) >> 20;
    assertThat(nvidiaSmi().get(0).used()).isEqualTo(ByteSize.ofBytes(usedMib << 20));
    assertThat(nvidiaSmi().get(0).name()).isEqualTo("NVIDIA GeForce RTX 4090");

    new OllamaRuntime(client, new Moshi.Builder().build(), fake.url(), OllamaTimeouts.defaults())
        .unload(ModelName.parse("qwen2.5:32b"));
    awaitTrue(() -> fake.residentModels().isEmpty());
    awaitTrue(() -> nvidiaSmi().get(0).free().equals(ByteSize.ofBytes(24 * GIB.bytes())));
  }

  @Test
  void withoutGpusTheStandInSaysNoDevicesAndModelsRunInRam() {
    fake =
        FakeOllama.builder()
            .install("qwen2.5:32b", ByteSize.ofGigabytes("19"))
            .procfsRoot(procfs)
            .nvidiaSmi(tools)
            .start();

    fake.preload("qwen2.5:32b");

    assertThat(nvidiaSmi()).isEmpty();
    assertThat(listed("qwen2.5:32b").vram()).isEqualTo(ByteSize.ZERO);
    assertThat(fake.used()).isEqualTo(ByteSize.ofGigabytes("21"));
  }

  /** Polls {@code condition} (each poll may run the stand-in) with a generous deadline. */
  private static void awaitTrue(BooleanSupplier condition) throws InterruptedException {
    Instant deadline = Instant.now().plusSeconds(30);
    while (!condition.getAsBoolean()) {
      assertThat(Instant.now()).as("waited 30 s for the condition").isBefore(deadline);
      Thread.sleep(25);
    }
  }
}
