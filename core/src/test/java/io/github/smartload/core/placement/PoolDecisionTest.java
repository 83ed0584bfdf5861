package io.github.smartload.core.placement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.github.smartload.core.ByteSize;
import io.github.smartload.core.Decision;
import io.github.smartload.core.GpuDevice;
import io.github.smartload.core.LoadPolicy;
import io.github.smartload.core.LoadedModel;
import io.github.smartload.core.MemoryPools;
import io.github.smartload.core.MemorySnapshot;
import io.github.smartload.core.ModelName;
import io.github.smartload.core.PlacementMode;
import io.github.smartload.core.PoolPlacer;
import io.github.smartload.core.PoolUse;
import io.github.smartload.core.Requirement;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Placed on the GPU only, a model larger than the GPU will not fit: the decision says which pool is
 * short and by how much. The model (MiB): 32 blocks of 500, output layer 1000, embeddings 1000,
 * compute 500, output buffer 500; the GPU: 12000 free, target 10976 after the 1 GiB margin.
 */
class PoolDecisionTest {

  private static final long MIB = 1L << 20;

  private static ByteSize mib(long value) {
    return ByteSize.ofBytes(value * MIB);
  }

  private final ModelLayers model =
      ModelLayers.evenly(32, mib(12800), mib(3200), mib(1000), mib(1000), mib(500), mib(500));
  private final GpuDevice gpu =
      new GpuDevice(
          0,
          "GPU-0",
          "RTX 3060",
          mib(12288),
          mib(288),
          mib(12000),
          GpuDevice.Kind.DISCRETE,
          "CUDA");
  private final LoadedModel resident =
      new LoadedModel(
          ModelName.parse("small:1b"),
          mib(2000),
          ByteSize.ZERO,
          Instant.parse("2026-11-30T10:05:00Z"));

  /**
   * The fit: compute 500 + output 1000 + 18 blocks = 10500 on the GPU (19/33 layers); 14 blocks
   * 7000 + compute 500 stay in RAM with embeddings 1000 and the output buffer 500: 9000. The RAM
   * resident holds no VRAM: unloading it cannot help, so wont-fit, the GPU short by the 7500 left
   * in RAM.
   */
  @Test
  void aModelLargerThanTheGpuWontFitAndTheGpuIsNamedShort() {
    Decision decision =
        LoadPolicy.defaults()
            .withPlacement(PlacementMode.GPU)
            .decide(
                ModelName.parse("big:30b"),
                new Requirement(model.total(), model.total(), Requirement.Rule.FOOTPRINT),
                LayerPlacer.placer(model),
                MemoryPools.of(MemorySnapshot.given(mib(30000)), List.of(gpu)),
                List.of(resident),
                Set.of());

    assertThat(decision).isInstanceOf(Decision.WontFit.class);
    assertThat(decision.check().shortPools())
        .singleElement()
        .satisfies(
            pool -> {
              assertThat(pool.pool()).isEqualTo("GPU 0 (RTX 3060)");
              assertThat(pool.needs()).isEqualTo(mib(10500));
              assertThat(pool.layers()).isEqualTo(19);
              assertThat(pool.shortBy()).isEqualTo(mib(7500));
            });
    assertThat(decision.check().required()).isEqualTo(mib(9000));
  }

  /**
   * A model placed whole by its size (14000), on the GPU only, beside a resident holding 10000 of a
   * 24576 GPU's VRAM: now the GPU's 12000 less the 1 GiB margin (10976) leave it 3024 short;
   * unloading the resident gives 22000 free, room for it. RAM (given, so all of it available) gets
   * nothing back. What a whole model lacks is its size less the room, not its size.
   */
  @Test
  void aWholeModelIsShortByWhatTheGpuLacksBeforeTheUnloadAndHasFreeAfter() {
    GpuDevice largerGpu =
        new GpuDevice(
            0,
            "GPU-0",
            "RTX 3060",
            mib(24576),
            mib(12576),
            mib(12000),
            GpuDevice.Kind.DISCRETE,
            "CUDA");
    LoadedModel onGpu =
        new LoadedModel(
            ModelName.parse("old:12b"),
            mib(10500),
            mib(10000),
            Instant.parse("2026-11-30T10:05:00Z"));
    Decision decision =
        LoadPolicy.defaults()
            .withPlacement(PlacementMode.GPU)
            .decide(
                ModelName.parse("next:14b"),
                new Requirement(mib(14000), mib(14000), Requirement.Rule.FOOTPRINT),
                PoolPlacer.whole(mib(14000)),
                MemoryPools.of(MemorySnapshot.given(mib(30000)), List.of(largerGpu)),
                List.of(onGpu),
                Set.of());

    assertThat(decision).isInstanceOf(Decision.Unload.class);
    assertThat(decision.check().pools())
        .extracting(
            PoolUse::pool, PoolUse::freeAfterUnload, PoolUse::shortBy, PoolUse::shortBeforeUnload)
        .containsExactly(
            tuple("RAM", mib(30000), ByteSize.ZERO, ByteSize.ZERO),
            tuple("GPU 0 (RTX 3060)", mib(22000), ByteSize.ZERO, mib(3024)));
  }

  /** With no resident to unload the same model cannot be whole on the GPU: short by 3024 still. */
  @Test
  void aWholeModelThatWontFitIsShortByWhatTheGpuLacks() {
    Decision decision =
        LoadPolicy.defaults()
            .withPlacement(PlacementMode.GPU)
            .decide(
                ModelName.parse("next:14b"),
                new Requirement(mib(14000), mib(14000), Requirement.Rule.FOOTPRINT),
                PoolPlacer.whole(mib(14000)),
                MemoryPools.of(MemorySnapshot.given(mib(30000)), List.of(gpu)),
                List.of(),
                Set.of());

    assertThat(decision).isInstanceOf(Decision.WontFit.class);
    assertThat(decision.check().shortPools())
        .singleElement()
        .extracting(PoolUse::shortBy)
        .isEqualTo(mib(3024));
  }

  @Test
  void placedAnywhereTheSameModelFitsWithItsSpill() {
    Decision decision =
        LoadPolicy.defaults()
            .decide(
                ModelName.parse("big:30b"),
                new Requirement(model.total(), model.total(), Requirement.Rule.FOOTPRINT),
                LayerPlacer.placer(model),
                MemoryPools.of(MemorySnapshot.given(mib(30000)), List.of(gpu)),
                List.of(resident),
                Set.of());

    assertThat(decision).isInstanceOf(Decision.Fits.class);
    assertThat(decision.check().required()).isEqualTo(mib(9000));
    assertThat(decision.check().pools())
        .extracting(Object::toString)
        .containsExactly(
            "RAM: 31.5 GB free, needs 9.4 GB, 14/33 layers",
            "GPU 0 (RTX 3060): 12.6 GB free, needs 11.0 GB, 19/33 layers");
  }
}
