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
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
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

  /** Loads {@code model} at {@code numCtx} through the fake's API. */
  private void loadAt(String model, int numCtx) throws IOException {
    String json = "{\"model\":\"" + model + "\",\"options\":{\"num_ctx\":" + numCtx + "}}";
    try (Response response =
        client
            .newCall(
                new Request.Builder()
                    .url(fake.url().resolve("/api/generate"))
                    .post(RequestBody.create(json, MediaType.get("application/json")))
                    .build())
            .execute()) {
      assertThat(response.code()).isEqualTo(200);
    }
  }

  /** Loads {@code model} through the fake's API, as a client's empty generate request does. */
  private void load(String model, String keepAlive) throws IOException {
    String json = "{\"model\":\"" + model + "\",\"keep_alive\":\"" + keepAlive + "\"}";
    try (Response response =
        client
            .newCall(
                new Request.Builder()
                    .url(fake.url().resolve("/api/generate"))
                    .post(RequestBody.create(json, MediaType.get("application/json")))
                    .build())
            .execute()) {
      assertThat(response.code()).isEqualTo(200);
    }
  }

  @Test
  void ollamaEvictsAResidentItselfWhenTheNewModelExceedsEightyPercentOfTheFreeVram()
      throws IOException {
    fake =
        FakeOllama.builder()
            .totalMemory(ByteSize.ofGigabytes("32"))
            .install("resident:12gb", ByteSize.ofGigabytes("12"))
            .install("asked:14gb", ByteSize.ofGigabytes("14"))
            .gpu("NVIDIA GeForce RTX 4090", ByteSize.ofBytes(24 * GIB.bytes()))
            .unloadDelay(Duration.ofMillis(20))
            .vramReturnDelay(Duration.ofMillis(50))
            .start();
    load("resident:12gb", "5m");

    load("asked:14gb", "5m");

    // 14 GB > 80% of (25.77 GB - 12 GB = 13.77 GB) = 11.02 GB: Ollama unloads the resident first,
    // waits for its VRAM, and then the 14 GB model has the whole GPU.
    assertThat(fake.unloadCount("resident:12gb")).isEqualTo(1);
    assertThat(fake.residentModels()).containsExactly(ModelName.parse("asked:14gb"));
    assertThat(fake.vramOf("asked:14gb")).isEqualTo(ByteSize.ofGigabytes("14"));
  }

  /** llama3.1:8b's facts as {@code /api/show} gives them, those Ollama's prediction reads. */
  private static final String LLAMA_SHOW =
      "{\"model_info\":{\"general.architecture\":\"llama\",\"llama.block_count\":32,"
          + "\"llama.attention.head_count\":32,\"llama.attention.head_count_kv\":8,"
          + "\"llama.embedding_length\":4096,\"llama.context_length\":131072}}";

  @Test
  void ollamaPredictsTheKvCacheAtTheRequestedContextAndKeepsTheResidentWithinEightyPercent()
      throws IOException {
    startWithASmallResident();

    loadAt("llama3.1:8b", 8192);

    // 4.9 GB + 2 x 32 x 8 x 128 x 8192 x 2 = 5.97 GB <= 80% of (12.88 - 2 GB) = 8.71 GB: kept.
    assertThat(fake.unloadCount("small:2gb")).isZero();
  }

  @Test
  void ollamaEvictsTheResidentWhenTheKvCacheAtTheContextPassesEightyPercent() throws IOException {
    startWithASmallResident();

    loadAt("llama3.1:8b", 32768);

    // 4.9 GB + 4.29 GB = 9.19 GB > 8.71 GB: Ollama unloads small:2gb first (by the file size
    // alone, 4.9 GB, it would not).
    assertThat(fake.unloadCount("small:2gb")).isEqualTo(1);
  }

  private void startWithASmallResident() throws IOException {
    fake =
        FakeOllama.builder()
            .totalMemory(ByteSize.ofGigabytes("32"))
            .install("small:2gb", ByteSize.ofGigabytes("2"))
            .install("llama3.1:8b", ByteSize.ofGigabytes("4.9"))
            .showAnswer("llama3.1:8b", LLAMA_SHOW)
            .gpu("NVIDIA GeForce RTX 4070", ByteSize.ofBytes(12 * GIB.bytes()))
            .unloadDelay(Duration.ofMillis(20))
            .start();
    load("small:2gb", "5m");
  }

  @Test
  void aModelWithinEightyPercentOfTheFreeVramLoadsBesideTheResidents() throws IOException {
    fake =
        FakeOllama.builder()
            .totalMemory(ByteSize.ofGigabytes("32"))
            .install("small:2gb", ByteSize.ofGigabytes("2"))
            .install("qwen2.5:32b", ByteSize.ofGigabytes("19"))
            .gpu("NVIDIA GeForce RTX 4090", ByteSize.ofBytes(24 * GIB.bytes()))
            .start();
    load("small:2gb", "5m");

    load("qwen2.5:32b", "5m");

    // 19 GB <= 80% of (25.77 GB - 2 GB = 23.77 GB) = 19.02 GB: nothing is unloaded.
    assertThat(fake.unloadCount("small:2gb")).isZero();
    assertThat(fake.residentModels())
        .containsExactlyInAnyOrder(ModelName.parse("small:2gb"), ModelName.parse("qwen2.5:32b"));
  }

  @Test
  void withoutGpusOnlyTheRunnerCapEvictsShortestKeepAliveFirstThenByName() throws IOException {
    fake =
        FakeOllama.builder()
            .totalMemory(ByteSize.ofGigabytes("16"))
            .install("a:big", ByteSize.ofGigabytes("9"))
            .install("b:big", ByteSize.ofGigabytes("9"))
            .install("c:big", ByteSize.ofGigabytes("9"))
            .install("d:big", ByteSize.ofGigabytes("9"))
            .unloadDelay(Duration.ofMillis(20))
            .start();
    load("b:big", "10m");
    load("c:big", "5m");
    load("a:big", "10m");
    // No GPU: no 80% rule, three loaded (over-committed) under the default cap of 3.
    assertThat(fake.residentModels()).hasSize(3);

    load("d:big", "10m");

    // At the cap, Ollama unloads one first: c (5m) before a and b (10m).
    assertThat(fake.unloadCount("c:big")).isEqualTo(1);
    load("c:big", "5m");
    // Then a before b: equal keep-alives are taken by name.
    assertThat(fake.unloadCount("a:big")).isEqualTo(1);
    assertThat(fake.unloadCount("b:big")).isZero();
  }

  @Test
  void anExplicitCapEvictsBeforeTheSecondModel() throws IOException {
    fake =
        FakeOllama.builder()
            .install("a:small", ByteSize.ofGigabytes("1"))
            .install("b:small", ByteSize.ofGigabytes("1"))
            .maxLoadedModels(1)
            .unloadDelay(Duration.ofMillis(20))
            .start();
    load("a:small", "5m");

    load("b:small", "5m");

    assertThat(fake.residentModels()).containsExactly(ModelName.parse("b:small"));
  }

  @Test
  void ollamaTakesIdleRunnersFirstAndThoseKeptForeverLast() {
    GpuDevice full =
        new GpuDevice(
            0,
            "GPU-0",
            "card",
            ByteSize.ofBytes(24 * GIB.bytes()),
            ByteSize.ofBytes(24 * GIB.bytes()),
            ByteSize.ZERO,
            GpuDevice.Kind.DISCRETE,
            "CUDA");
    Instant now = Instant.parse("2026-11-30T10:00:00Z");
    FakeResident forever =
        new FakeResident(ModelName.parse("a:pinned"), GIB, 4096, now, false, Duration.ofNanos(-1));
    FakeResident busy =
        new FakeResident(ModelName.parse("b:busy"), GIB, 4096, now, false, Duration.ofMinutes(1));
    FakeResident idle =
        new FakeResident(ModelName.parse("c:idle"), GIB, 4096, now, false, Duration.ofMinutes(5));

    // No free VRAM: every load is over 80%. Idle first: c, though b's keep-alive is shorter.
    assertThat(
            FakeEvictions.next(
                GIB, List.of(forever, busy, idle), Set.of(busy.name()), List.of(full), true, 10))
        .contains(idle.name());
    // With every one busy, the shortest keep-alive; a negative one (forever) sorts last.
    assertThat(
            FakeEvictions.next(
                GIB,
                List.of(forever, busy),
                Set.of(forever.name(), busy.name()),
                List.of(full),
                true,
                10))
        .contains(busy.name());
    // num_gpu 0: no GPUs for Ollama, so no 80% rule.
    assertThat(FakeEvictions.next(GIB, List.of(idle), Set.of(), List.of(full), false, 10))
        .isEmpty();
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
