package io.github.smartload.core.load;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.smartload.core.ByteSize;
import io.github.smartload.core.Decision;
import io.github.smartload.core.EvictionStrategy;
import io.github.smartload.core.LoadPolicy;
import io.github.smartload.core.ModelName;
import io.github.smartload.core.PlacementMode;
import io.github.smartload.core.PoolUse;
import io.github.smartload.core.fake.InMemoryRuntime;
import io.github.smartload.core.fake.ManualTime;
import io.github.smartload.core.fake.SimulatedGpu;
import io.github.smartload.core.fake.SimulatedMemory;
import io.github.smartload.core.footprint.InstalledModel;
import io.github.smartload.core.footprint.ModelFacts;
import io.github.smartload.core.footprint.Models;
import io.github.smartload.core.footprint.ServerSettings;
import io.github.smartload.core.port.GpuProbe;
import io.github.smartload.core.port.LoadEvent;
import io.github.smartload.core.size.EstimateMode;
import io.github.smartload.core.size.ModelSize;
import io.github.smartload.core.size.Requirements;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/**
 * The GPU issue's three scenarios, decided per pool by footprint (flash attention auto, f16 KV, one
 * sequence, ubatch 512; 1 GiB margin per GPU). GPU "24 GB" is an RTX 4090's 24 GiB = 25,769,803,776
 * bytes, "12 GB" an RTX 3060's 12 GiB = 12,884,901,888.
 */
class GpuScenariosTest {

  private static final ByteSize GIB = ByteSize.ofBytes(1L << 30);
  private static final ByteSize RTX_4090 = ByteSize.ofBytes(24 * GIB.bytes());
  private static final ByteSize RTX_3060 = ByteSize.ofBytes(12 * GIB.bytes());

  private final ManualTime time = ManualTime.at("2026-11-30T10:00:00Z");
  private final List<LoadEvent> events = new ArrayList<>();

  /** qwen2.5:32b's shape (64 blocks, embedding 5120, 8 KV heads of 128, vocabulary 152064). */
  private static ModelFacts qwenShaped(String fileGigabytes) {
    return ModelFacts.builder()
        .architecture("qwen2")
        .fileSize(ByteSize.ofGigabytes(fileGigabytes))
        .blockCount(64)
        .headCountKv(8)
        .embeddingLength(5120)
        .headCount(40)
        .vocabSize(152064)
        .trainedContextLength(32768)
        .quantization("Q4_K_M")
        .tiedEmbeddings(false)
        .build();
  }

  private static InstalledModel installed(ModelFacts facts) {
    return new InstalledModel(
        "sha256:" + facts.fileSize().orElseThrow(), facts, OptionalInt.empty());
  }

  private SmartLoader loader(
      SimulatedMemory memory, InMemoryRuntime runtime, GpuProbe gpus, LoadPolicy policy) {
    Requirements requirements =
        new Requirements(
            // No size table: the weights are the facts' file sizes, as the javadocs count them.
            model ->
                runtime
                    .sizeOf(model)
                    .<ModelSize>map(size -> new ModelSize.Estimated(size, ModelSize.Source.RUNTIME))
                    .orElse(new ModelSize.Unknown(model)),
            runtime,
            policy.margin(),
            EstimateMode.ARCHITECTURE,
            ServerSettings.defaults());
    return SmartLoader.builder(memory, runtime)
        .policy(policy)
        .requirements(requirements)
        .gpus(gpus)
        .time(time, time)
        .pollInterval(Duration.ofMillis(250))
        .unloadDeadline(Duration.ofSeconds(30))
        .build();
  }

  private static PoolUse pool(Decision decision, String name) {
    return decision.check().pools().stream()
        .filter(p -> p.pool().startsWith(name))
        .findFirst()
        .orElseThrow();
  }

  /**
   * 16 GB RAM, 3.2 GB available beside two small models in RAM (3.4 + 5.4 GB); one 24 GiB GPU with
   * 500 MiB used (25,245,515,776 free). The model: qwen2.5:32b's shape, a 19.0 GB file, at 4096
   * tokens.
   *
   * <p>Footprint: weights 19,000,000,000 + KV 64 x 4096 x 8 x 256 x 2 = 1,073,741,824 + compute 512
   * x 4 x (152064 + 2 x 5120) = 332,398,592 + output 4 x 152064 = 608,256 = 20,406,748,672 (20.4
   * GB). RAM-only (the old decision): 20.4 GB against 3.2 GB available, 12.0 GB even after
   * unloading both: wont-fit, and a non-strict load unloads both.
   *
   * <p>Per pool: token embeddings 152064 x 5120 at Q4_K = 437,944,320 stay in RAM; output.weight at
   * Q6_K 638,668,800; 64 blocks of 280,052,920 + 16 MiB KV. Wholly on one GPU: 17,923,386,880 +
   * 1,073,741,824 + 638,668,800 + 332,398,592 = 19,968,196,096 (20.0 GB) <= 0.8 x free, and <= the
   * target free - 1 GiB = 24,171,773,952: all 65/65 layers on GPU 0. RAM part: embeddings + output
   * buffer = 438,552,576 (0.4 GB) <= 3.2 GB: fits, nothing unloaded.
   *
   * <p>Nor does Ollama unload anything itself: it predicts 19,000,000,000 + f16 KV 2 x 64 x 8 x
   * (5120 / 40) x 4096 x 2 = 1,073,741,824, so 20,073,741,824, within 80% of the 25,245,515,776
   * free (20,196,412,620) by 122.7 MB; and 2 models are loaded, under its cap of 3 for one GPU.
   */
  @Test
  void aModelThatRunsOnTheGpuEvictsNoRamResident() {
    SimulatedMemory memory = new SimulatedMemory("16", "12");
    InMemoryRuntime runtime =
        new InMemoryRuntime(time, memory)
            .install("qwen2.5:32b", installed(qwenShaped("19.0")))
            .resident("llama3.2:3b", "3.4", Duration.ofMinutes(5))
            .resident("qwen2.5:7b", "5.4", Duration.ofMinutes(10));
    SimulatedGpu gpu =
        new SimulatedGpu("RTX 4090", RTX_4090, RTX_4090.minusOrZero(ByteSize.ofBytes(500L << 20)));
    LoadRequest request = LoadRequest.of(ModelName.parse("qwen2.5:32b")).withNumCtx(4096);

    Decision ramOnly =
        loader(memory, runtime, GpuProbe.NONE, LoadPolicy.defaults()).plan(request, events::add);
    LoadResult result =
        loader(memory, runtime, gpu, LoadPolicy.defaults()).load(request, events::add);

    assertThat(ramOnly).isInstanceOf(Decision.WontFit.class);
    assertThat(ramOnly.check().required()).isEqualTo(ByteSize.ofBytes(20_406_748_672L));
    assertThat(ramOnly.toUnload()).hasSize(2);
    assertThat(result.decision()).isInstanceOf(Decision.Fits.class);
    assertThat(result.decision().check().ollamaEvictions()).isEmpty();
    assertThat(result.outcome()).isEqualTo(LoadResult.Outcome.LOADED);
    assertThat(result.unloaded()).isEmpty();
    assertThat(runtime.calls()).noneMatch(call -> call.startsWith("unload"));
    assertThat(result.decision().check().required()).isEqualTo(ByteSize.ofBytes(438_552_576L));
    assertThat(pool(result.decision(), "GPU 0"))
        .hasToString("GPU 0 (RTX 4090): 25.2 GB free, needs 20.0 GB, 65/65 layers");
    assertThat(pool(result.decision(), "RAM"))
        .hasToString("RAM: 3.2 GB free, needs 0.4 GB, 0/65 layers");
  }

  /**
   * 32 GB RAM; one 12 GiB GPU with 256 MiB used (12,616,466,432 free; target 11,542,724,608).
   * llama3.1:8b (4.9 GB file, Q4_K_M) at 131072 tokens: KV 32 x 512 MiB = 16 GiB; compute 512 x 4 x
   * (128256 + 8192) = 279,445,504; output buffer 513,024; footprint 22,359,827,712.
   *
   * <p>Split: embeddings 295,501,824 (RAM), output.weight 430,940,160, 32 blocks of 130,423,688 +
   * 536,870,912 KV = 667,294,600. Whole, 22,063,812,864, is over the GPU: the fit takes from the
   * back compute 279,445,504 + output 430,940,160, then (11,542,724,608 - 710,385,664) /
   * 667,294,600 = 16 blocks: 11,387,099,264 on GPU 0 (17/33 layers). RAM: 16 blocks 10,676,713,600
   * + its compute buffer 279,445,504 + embeddings 295,501,824 + output buffer 513,024 =
   * 11,252,173,952 (11.3 GB). With 20 GB available it fits; with 14 GB of which a 6 GB model in RAM
   * holds 6, 8 GB available: unload that model (14 GB >= 11.3); with 8 GB and nothing to unload:
   * wont-fit, RAM short by 11,252,173,952 - 8,000,000,000 = 3,252,173,952 (3.3 GB).
   */
  @Test
  void theSpillToRamIsComputedAndCheckedAgainstRam() {
    LoadRequest request = LoadRequest.of(ModelName.parse("llama3.1:8b")).withNumCtx(131072);
    InstalledModel llama = installed(Models.llama31_8b());

    SimulatedMemory roomy = new SimulatedMemory("32", "20");
    Decision fits =
        loader(
                roomy,
                new InMemoryRuntime(time, roomy).install("llama3.1:8b", llama),
                gpu3060(),
                LoadPolicy.defaults())
            .plan(request, events::add);

    SimulatedMemory crowded = new SimulatedMemory("32", "14");
    InMemoryRuntime withResident =
        new InMemoryRuntime(time, crowded)
            .install("llama3.1:8b", llama)
            .resident("qwen3:8b", "6", Duration.ofMinutes(5));
    LoadResult unloads =
        loader(crowded, withResident, gpu3060(), LoadPolicy.defaults()).load(request, events::add);

    SimulatedMemory small = new SimulatedMemory("32", "8");
    Decision wontFit =
        loader(
                small,
                new InMemoryRuntime(time, small).install("llama3.1:8b", llama),
                gpu3060(),
                LoadPolicy.defaults())
            .plan(request, events::add);

    assertThat(fits).isInstanceOf(Decision.Fits.class);
    assertThat(fits.check().required()).isEqualTo(ByteSize.ofBytes(11_252_173_952L));
    assertThat(pool(fits, "GPU 0"))
        .hasToString("GPU 0 (RTX 3060): 12.6 GB free, needs 11.4 GB, 17/33 layers");
    assertThat(pool(fits, "GPU 0").needs()).isEqualTo(ByteSize.ofBytes(11_387_099_264L));
    assertThat(pool(fits, "RAM")).hasToString("RAM: 20.0 GB free, needs 11.3 GB, 16/33 layers");
    assertThat(unloads.decision()).isInstanceOf(Decision.Unload.class);
    assertThat(unloads.unloaded()).extracting(m -> m.name().toString()).containsExactly("qwen3:8b");
    assertThat(unloads.outcome()).isEqualTo(LoadResult.Outcome.LOADED);
    assertThat(wontFit).isInstanceOf(Decision.WontFit.class);
    assertThat(wontFit.check().shortPools())
        .singleElement()
        .hasToString("RAM: 8.0 GB free, needs 11.3 GB, 16/33 layers, short by 3.3 GB")
        .extracting(PoolUse::shortBy)
        .isEqualTo(ByteSize.ofBytes(3_252_173_952L));
  }

  private SimulatedGpu gpu3060() {
    return new SimulatedGpu(
        "RTX 3060", RTX_3060, RTX_3060.minusOrZero(ByteSize.ofBytes(256L << 20)));
  }

  /**
   * 32 GB RAM (20 GB available); a 24 GiB GPU with qwen2.5:14b resident, 12.0 GB of its 12.5 GB in
   * VRAM (with 300 MiB of other use: 13,455,230,976 free). Asked for: qwen-shaped:14b,
   * qwen2.5:32b's shape with a 12.6 GB file at 4096 tokens, footprint 12.6e9 + 1,073,741,824 +
   * 332,398,592 + 608,256 = 14,006,748,672 (14.0 GB).
   *
   * <p>Blocks 64 x (180,052,920 + 16 MiB) = 196,830,136 each; whole on one GPU 13,568,196,096 is
   * over 0.8 x free; the fit (target 12,381,489,152) takes compute + output 971,067,392 and 57
   * blocks: 58/65 layers on GPU 0 (12,190,385,144), 7 blocks left in RAM: 1,377,810,952 + compute
   * 332,398,592 + embeddings 437,944,320 + output buffer 608,256 = 2,148,762,120 (2.1 GB).
   *
   * <p>{@code --placement gpu}: not wholly on the GPU, so the resident model (it holds VRAM) is
   * unloaded: then 25,455,230,976 free, the model wholly on GPU 0 (65/65, 13,568,196,096). The
   * driver gives the 12 GB back 3 readings after the model leaves the list: the load waits for it,
   * then loads. {@code --placement any}: 2.1 GB in RAM fits the 20 GB available, but Ollama
   * predicts the model at 13,673,741,824 bytes (file + f16 KV), more than 80% of the free VRAM, and
   * would unload the resident itself: smartload unloads it first, and the model goes wholly on GPU
   * 0 (server/sched.go 547-561 at fb30760).
   */
  @Test
  void placedOnTheGpuOnlyAResidentHoldingVramIsUnloadedAndItsVramAwaited() {
    ByteSize vramFree = RTX_4090.minusOrZero(ByteSize.ofBytes(12_314_572_800L));
    LoadRequest request = LoadRequest.of(ModelName.parse("qwen-shaped:14b")).withNumCtx(4096);

    SimulatedMemory memory = new SimulatedMemory("32", "20.5");
    SimulatedGpu gpu = new SimulatedGpu("RTX 4090", RTX_4090, vramFree).lagging(3);
    InMemoryRuntime runtime =
        new InMemoryRuntime(time, memory)
            .onGpu(gpu)
            .install("qwen-shaped:14b", installed(qwenShaped("12.6")))
            .residentOnGpu("qwen2.5:14b", "12.5", "12.0", Duration.ofMinutes(5));
    LoadPolicy gpuOnly =
        LoadPolicy.defaults()
            .withPlacement(PlacementMode.GPU)
            .withEviction(EvictionStrategy.EXPIRING_FIRST);
    LoadResult placedOnGpu = loader(memory, runtime, gpu, gpuOnly).load(request, events::add);

    SimulatedMemory memoryAny = new SimulatedMemory("32", "20.5");
    SimulatedGpu gpuAny = new SimulatedGpu("RTX 4090", RTX_4090, vramFree);
    InMemoryRuntime runtimeAny =
        new InMemoryRuntime(time, memoryAny)
            .onGpu(gpuAny)
            .install("qwen-shaped:14b", installed(qwenShaped("12.6")))
            .residentOnGpu("qwen2.5:14b", "12.5", "12.0", Duration.ofMinutes(5));
    LoadResult anywhere =
        loader(memoryAny, runtimeAny, gpuAny, LoadPolicy.defaults()).load(request, e -> {});

    assertThat(placedOnGpu.decision()).isInstanceOf(Decision.Unload.class);
    assertThat(pool(placedOnGpu.decision(), "GPU 0"))
        .hasToString(
            "GPU 0 (RTX 4090): 13.5 GB free, 25.5 GB after unloading, needs 13.6 GB, 65/65 layers");
    assertThat(placedOnGpu.unloaded())
        .extracting(m -> m.name().toString())
        .containsExactly("qwen2.5:14b");
    assertThat(placedOnGpu.outcome()).isEqualTo(LoadResult.Outcome.LOADED);
    // The load came only after the GPU's reading showed the VRAM back.
    assertThat(events)
        .filteredOn(LoadEvent.PoolsAfter.class::isInstance)
        .singleElement()
        .satisfies(
            e -> {
              LoadEvent.PoolsAfter after = (LoadEvent.PoolsAfter) e;
              assertThat(after.fits()).isTrue();
              assertThat(after.pools().freeVram())
                  .isEqualTo(vramFree.plus(ByteSize.ofGigabytes("12")));
            });
    assertThat(gpu.reads()).isGreaterThan(4);
    assertThat(runtime.calls())
        .containsSubsequence("unload qwen2.5:14b", "load qwen-shaped:14b 15m num_ctx 4096");

    // Placed anywhere the model would fit with a 2.1 GB spill, but Ollama predicts it at 12.6e9
    // + f16 KV 2 x 64 x 8 x 128 x 4096 x 2 = 13,673,741,824 > 80% of 13,455,230,976 free
    // (10,764,184,780): Ollama would unload qwen2.5:14b itself, so smartload does it first.
    assertThat(anywhere.decision()).isInstanceOf(Decision.Unload.class);
    assertThat(anywhere.decision().check().ollamaEvictions())
        .singleElement()
        .hasToString(
            "Ollama would unload qwen2.5:14b itself: 13.7 GB is more than 80% of the 13.5 GB"
                + " free on GPU 0 (RTX 4090)")
        .satisfies(
            e -> {
              assertThat(e.predicted()).isEqualTo(ByteSize.ofBytes(13_673_741_824L));
              assertThat(e.free()).isEqualTo(vramFree);
            });
    // With it gone the model goes wholly on the GPU.
    assertThat(pool(anywhere.decision(), "GPU 0"))
        .hasToString(
            "GPU 0 (RTX 4090): 13.5 GB free, 25.5 GB after unloading, needs 13.6 GB, 65/65 layers");
    assertThat(anywhere.unloaded())
        .extracting(m -> m.name().toString())
        .containsExactly("qwen2.5:14b");
    assertThat(anywhere.outcome()).isEqualTo(LoadResult.Outcome.LOADED);
  }
}
