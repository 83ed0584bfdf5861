package io.github.smartload.core.size;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.smartload.core.ByteSize;
import io.github.smartload.core.GpuDevice;
import io.github.smartload.core.LoadPolicy;
import io.github.smartload.core.LoadedModel;
import io.github.smartload.core.MemoryPools;
import io.github.smartload.core.MemorySnapshot;
import io.github.smartload.core.ModelName;
import io.github.smartload.core.PlacementMode;
import io.github.smartload.core.fake.InMemoryRuntime;
import io.github.smartload.core.fake.ManualTime;
import io.github.smartload.core.fake.SimulatedMemory;
import io.github.smartload.core.footprint.ContextFit;
import io.github.smartload.core.footprint.InstalledModel;
import io.github.smartload.core.footprint.Models;
import io.github.smartload.core.footprint.ServerSettings;
import io.github.smartload.core.load.SmartLoader;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/**
 * {@code plan --max-context} per pool: llama3.1:8b (4.9 GB, f16 KV: 131,072 bytes a token over its
 * 32 blocks, 4096 a block), 8 GB of RAM available, a 12 GiB GPU with 256 MiB used (target
 * 11,542,724,608 after the 1 GiB margin).
 */
class LargestContextPerPoolTest {

  private static final ModelName LLAMA = ModelName.parse("llama3.1:8b");
  private static final ByteSize RTX_3060 = ByteSize.ofBytes(12L << 30);

  private final ManualTime time = ManualTime.at("2026-11-30T10:00:00Z");
  private final SimulatedMemory memory = new SimulatedMemory("32", "8");
  private final InMemoryRuntime runtime =
      new InMemoryRuntime(time, memory)
          .install(
              "llama3.1:8b",
              new InstalledModel("sha256:1", Models.llama31_8b(), OptionalInt.empty()));
  private final Requirements requirements =
      new Requirements(
          model -> new ModelSize.Unknown(model),
          runtime,
          LoadPolicy.DEFAULT_MARGIN,
          EstimateMode.ARCHITECTURE,
          ServerSettings.defaults());

  private final MemoryPools pools =
      MemoryPools.of(
          MemorySnapshot.given(ByteSize.ofGigabytes("8")),
          List.of(
              new GpuDevice(
                  0,
                  "GPU-0",
                  "RTX 3060",
                  RTX_3060,
                  ByteSize.ofBytes(256L << 20),
                  RTX_3060.minusOrZero(ByteSize.ofBytes(256L << 20)),
                  GpuDevice.Kind.DISCRETE,
                  "CUDA")));

  private static int context(ContextFit fit) {
    assertThat(fit).isInstanceOf(ContextFit.Fits.class);
    return ((ContextFit.Fits) fit).contextPerSequence();
  }

  /**
   * Wholly on the GPU: blocks 4,173,558,016 + output layer 430,940,160 + compute 279,445,504 +
   * 131,072 x context <= 11,542,724,608, so context <= 50,802: 50,688.
   */
  @Test
  void theLargestContextWhollyOnTheGpu() {
    LoadPolicy gpu = LoadPolicy.defaults().withPlacement(PlacementMode.GPU);

    assertThat(context(requirements.largestContext(LLAMA, Optional.empty(), gpu, pools)))
        .isEqualTo(50_688);
  }

  /**
   * Without swapping: at 107,264 tokens a block is 130,423,688 + 439,353,344 = 569,777,032; the GPU
   * takes (11,542,724,608 - 710,385,664) / that = 19 blocks, RAM 13 blocks 7,407,101,416 + compute
   * 279,445,504 + embeddings 295,501,824 + output buffer 513,024 = 7,982,561,768 <= 8 GB; at
   * 107,520 14 blocks stay, 8,567,018,864. RAM alone (no GPU) would allow 4.9 GB + 280 MB + 131,072
   * x context <= 8 GB: 21,504.
   */
  @Test
  void theLargestContextWhoseSpillFitsRam() {
    LoadPolicy any = LoadPolicy.defaults();

    assertThat(context(requirements.largestContext(LLAMA, Optional.empty(), any, pools)))
        .isEqualTo(107_264);
    assertThat(
            context(
                requirements.largestContext(
                    LLAMA, Optional.empty(), any, MemoryPools.ramOnly(pools.ram()))))
        .isEqualTo(21_504);
    assertThat(
            context(
                requirements.largestContext(LLAMA, Optional.empty(), ByteSize.ofGigabytes("8"))))
        .isEqualTo(21_504);
  }

  /** Turn's --fit-context asks the loader: with a GPU probe set, the answer is per pool. */
  @Test
  void theLoadersFitContextIsPerPoolWhereThereAreGpus() {
    SmartLoader.Builder builder =
        SmartLoader.builder(memory, runtime).requirements(requirements).time(time, time);

    assertThat(context(builder.build().largestContext(LLAMA, ByteSize.ofGigabytes("8"))))
        .isEqualTo(21_504);
    assertThat(
            context(
                builder.gpus(pools::gpus).build().largestContext(LLAMA, ByteSize.ofGigabytes("8"))))
        .isEqualTo(107_264);
    assertThat(
            context(
                builder
                    .policy(LoadPolicy.defaults().withPlacement(PlacementMode.GPU))
                    .build()
                    .largestContext(LLAMA, ByteSize.ofGigabytes("8"))))
        .isEqualTo(50_688);
  }

  /**
   * Beside a resident, Ollama unloads it itself when its prediction, the file 4,900,000,000 + f16
   * KV 2 x 32 x 8 x 128 x 2 = 131,072 a token, is more than 80% of the 12,616,466,432 free
   * (10,093,173,145): so at most 39,621 tokens, 39,424, below the 107,264 the pools allow.
   */
  @Test
  void besideAResidentTheContextStaysWithinOllamasEightyPercentRule() {
    List<LoadedModel> resident = List.of(inRam("qwen3:8b"));

    assertThat(
            context(
                requirements.largestContext(
                    LLAMA, Optional.empty(), LoadPolicy.defaults(), pools, resident)))
        .isEqualTo(39_424);
  }

  /** With Ollama's cap (3 a GPU) reached it unloads a resident at any context: none fits. */
  @Test
  void withOllamasRunnerCapReachedNoContextFits() {
    List<LoadedModel> three = List.of(inRam("a:1b"), inRam("b:1b"), inRam("c:1b"));

    assertThat(
            requirements.largestContext(
                LLAMA, Optional.empty(), LoadPolicy.defaults(), pools, three))
        .isInstanceOf(ContextFit.NoneFits.class);
  }

  private LoadedModel inRam(String name) {
    return new LoadedModel(
        ModelName.parse(name),
        ByteSize.ofGigabytes("1"),
        ByteSize.ZERO,
        time.instant().plusSeconds(300));
  }
}
