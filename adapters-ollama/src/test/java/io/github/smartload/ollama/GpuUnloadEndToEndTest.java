package io.github.smartload.ollama;

import static org.assertj.core.api.Assertions.assertThat;

import com.squareup.moshi.Moshi;
import io.github.smartload.core.ByteSize;
import io.github.smartload.core.load.SmartLoader;
import io.github.smartload.core.load.UnloadRequest;
import io.github.smartload.core.load.UnloadResult;
import io.github.smartload.core.port.GpuProbe;
import io.github.smartload.ollama.fake.FakeOllama;
import io.github.smartload.proc.NvidiaSmiProbe;
import io.github.smartload.proc.ProcMemoryProbe;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * After an unload, smartload waits for the VRAM to come back, not only for the model to leave
 * {@code /api/ps}: the fake's GPU frees its memory well after the list and RAM, and the real
 * nvidia-smi probe (over the fake's stand-in) must see it back when the unload returns.
 */
class GpuUnloadEndToEndTest {

  private static final ByteSize GPU_TOTAL = ByteSize.ofBytes(24L << 30);

  @TempDir Path procfs;
  @TempDir Path sysfs;
  @TempDir Path tools;

  private FakeOllama fake;

  @AfterEach
  void stop() {
    if (fake != null) {
      fake.close();
    }
  }

  private UnloadResult unloadAll(GpuProbe gpus) throws Exception {
    Files.createDirectories(sysfs);
    OllamaRuntime runtime =
        new OllamaRuntime(
            new OkHttpClient(), new Moshi.Builder().build(), fake.url(), OllamaTimeouts.defaults());
    return SmartLoader.builder(new ProcMemoryProbe(procfs, sysfs, Optional.empty()), runtime)
        .gpus(gpus)
        .pollInterval(Duration.ofMillis(20))
        .unloadDeadline(Duration.ofSeconds(60))
        .buildUnloader()
        .unload(UnloadRequest.all(), event -> {});
  }

  @Test
  void theUnloadReturnsOnlyOnceTheGpuHasTheModelsVramBack() throws Exception {
    fake =
        FakeOllama.builder()
            .totalMemory(ByteSize.ofGigabytes("16"))
            .install("qwen2.5:32b", ByteSize.ofGigabytes("19"))
            .gpu("NVIDIA GeForce RTX 4090", GPU_TOTAL)
            .unloadDelay(Duration.ofMillis(50))
            .memoryReturnDelay(Duration.ZERO)
            // Far longer than the list and RAM take, and shorter than the 2 s settle time.
            .vramReturnDelay(Duration.ofMillis(1500))
            .procfsRoot(procfs)
            .nvidiaSmi(tools)
            .start();
    fake.preload("qwen2.5:32b");
    assertThat(fake.vramOf("qwen2.5:32b")).isEqualTo(ByteSize.ofGigabytes("19"));

    UnloadResult result =
        unloadAll(new NvidiaSmiProbe(fake.nvidiaSmi().toString(), Duration.ofSeconds(30)));

    assertThat(result.unloaded()).hasSize(1);
    assertThat(fake.vramFree(0)).isEqualTo(GPU_TOTAL);
  }
}
