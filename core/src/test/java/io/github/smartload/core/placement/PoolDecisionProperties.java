package io.github.smartload.core.placement;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.smartload.core.ByteSize;
import io.github.smartload.core.Decision;
import io.github.smartload.core.EvictionStrategy;
import io.github.smartload.core.GpuDevice;
import io.github.smartload.core.LoadPolicy;
import io.github.smartload.core.LoadedModel;
import io.github.smartload.core.MemoryPools;
import io.github.smartload.core.MemorySnapshot;
import io.github.smartload.core.ModelName;
import io.github.smartload.core.PlacementMode;
import io.github.smartload.core.PoolPlacer;
import io.github.smartload.core.Requirement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/** The per-pool decision's rules, over random GPUs, models and resident sets (sizes in MiB). */
class PoolDecisionProperties {

  private static final long MIB = 1L << 20;
  private static final ModelName TARGET = ModelName.parse("target:1b");
  private static final Instant T0 = Instant.parse("2026-11-30T10:00:00Z");

  private static ByteSize mib(long value) {
    return ByteSize.ofBytes(value * MIB);
  }

  @Provide
  Arbitrary<ModelLayers> models() {
    return Combinators.combine(
            Arbitraries.integers().between(1, 64),
            Arbitraries.longs().between(100, 40_000),
            Arbitraries.longs().between(0, 20_000),
            Arbitraries.longs().between(0, 2_000),
            Arbitraries.longs().between(0, 2_000))
        .as(
            (blocks, weights, kv, output, compute) ->
                ModelLayers.evenly(
                    blocks,
                    mib(weights),
                    mib(kv),
                    mib(output),
                    mib(output),
                    mib(compute),
                    mib(compute / 4)));
  }

  @Provide
  Arbitrary<List<GpuDevice>> gpus() {
    Arbitrary<GpuDevice> gpu =
        Combinators.combine(
                Arbitraries.longs().between(4_000, 48_000),
                Arbitraries.integers().between(0, 100),
                Arbitraries.of(GpuDevice.Kind.values()))
            .as(
                (total, freePercent, kind) ->
                    new GpuDevice(
                        0,
                        "GPU-x",
                        "test",
                        mib(total),
                        mib(total * (100 - freePercent) / 100),
                        mib(total * freePercent / 100),
                        kind,
                        "CUDA"));
    return gpu.list()
        .ofMinSize(0)
        .ofMaxSize(3)
        .map(
            list -> {
              List<GpuDevice> indexed = new ArrayList<>();
              for (int i = 0; i < list.size(); i++) {
                GpuDevice g = list.get(i);
                indexed.add(
                    new GpuDevice(
                        i,
                        "GPU-" + i,
                        "test " + i,
                        g.total(),
                        g.used(),
                        g.free(),
                        g.kind(),
                        "CUDA"));
              }
              return indexed;
            });
  }

  @Provide
  Arbitrary<List<LoadedModel>> residents() {
    Arbitrary<LoadedModel> model =
        Combinators.combine(
                Arbitraries.longs().between(0, 20_000),
                Arbitraries.longs().between(0, 20_000),
                Arbitraries.integers().between(1, 600))
            .as(
                (ram, vram, ttl) ->
                    new LoadedModel(
                        ModelName.parse("m" + ttl + ":" + ram + "-" + vram),
                        mib(ram + vram),
                        mib(vram),
                        T0.plusSeconds(ttl)));
    return model.list().ofMaxSize(5).uniqueElements(LoadedModel::name);
  }

  @Provide
  Arbitrary<LoadPolicy> policies() {
    return Combinators.combine(
            Arbitraries.of(EvictionStrategy.values()), Arbitraries.of(PlacementMode.values()))
        .as(
            (eviction, placement) ->
                LoadPolicy.defaults().withEviction(eviction).withPlacement(placement));
  }

  private static MemorySnapshot ram(long availableMib) {
    return MemorySnapshot.given(mib(availableMib));
  }

  private static Requirement requirement(ModelLayers model) {
    return new Requirement(model.total(), model.total(), Requirement.Rule.FOOTPRINT);
  }

  @Property
  void whatFitsNowNeverUnloads(
      @ForAll("models") ModelLayers model,
      @ForAll("gpus") List<GpuDevice> gpus,
      @ForAll("residents") List<LoadedModel> loaded,
      @ForAll("policies") LoadPolicy policy,
      @ForAll @net.jqwik.api.constraints.LongRange(min = 0, max = 64_000) long available) {
    PoolPlacer placer = LayerPlacer.placer(model);
    MemoryPools pools = MemoryPools.of(ram(available), gpus);

    Decision decision = policy.decide(TARGET, requirement(model), placer, pools, loaded, Set.of());

    if (policy.fits(placer, pools)) {
      assertThat(decision).isInstanceOf(Decision.Fits.class);
      assertThat(decision.toUnload()).isEmpty();
    }
  }

  @Property
  void withoutADiscreteGpuTheDecisionIsTheRamOnlyOne(
      @ForAll("models") ModelLayers model,
      @ForAll("residents") List<LoadedModel> loaded,
      @ForAll("policies") LoadPolicy policy,
      @ForAll @net.jqwik.api.constraints.LongRange(min = 0, max = 64_000) long available,
      @ForAll boolean integrated) {
    List<GpuDevice> gpus =
        integrated
            ? List.of(
                new GpuDevice(
                    0,
                    "GPU-0",
                    "APU",
                    mib(8000),
                    mib(0),
                    mib(8000),
                    GpuDevice.Kind.INTEGRATED,
                    "ROCm"))
            : List.of();

    Decision pooled =
        policy.decide(
            TARGET,
            requirement(model),
            LayerPlacer.placer(model),
            MemoryPools.of(ram(available), gpus),
            loaded,
            Set.of());

    assertThat(pooled)
        .isEqualTo(policy.decide(TARGET, requirement(model), ram(available), loaded, Set.of()));
  }

  @Property
  void theExpiringFirstUnloadSetIsMinimal(
      @ForAll("models") ModelLayers model,
      @ForAll("gpus") List<GpuDevice> gpus,
      @ForAll("residents") List<LoadedModel> loaded,
      @ForAll PlacementMode placement,
      @ForAll @net.jqwik.api.constraints.LongRange(min = 0, max = 64_000) long available) {
    LoadPolicy policy =
        LoadPolicy.defaults()
            .withEviction(EvictionStrategy.EXPIRING_FIRST)
            .withPlacement(placement);
    PoolPlacer placer = LayerPlacer.placer(model);
    MemoryPools pools = MemoryPools.of(ram(available), gpus);

    Decision decision = policy.decide(TARGET, requirement(model), placer, pools, loaded, Set.of());

    Statistics.collect(decision.kind(), pools.vramPools().isEmpty() ? "no GPU" : "GPUs");
    if (decision instanceof Decision.Unload unload && !pools.vramPools().isEmpty()) {
      assertThat(policy.fits(placer, pools.withFreed(unload.toUnload()))).isTrue();
      for (LoadedModel kept : unload.toUnload()) {
        List<LoadedModel> fewer = new ArrayList<>(unload.toUnload());
        fewer.remove(kept);
        assertThat(policy.fits(placer, pools.withFreed(fewer))).as("without " + kept).isFalse();
      }
    }
    // The cases that matter must occur, or the property checks nothing.
    Statistics.coverage(
        coverage -> coverage.check("unload", "GPUs").percentage(share -> share >= 1));
  }

  @Property
  void placedAnywhereTheGpusNeverForceAnUnload(
      @ForAll("models") ModelLayers model,
      @ForAll("gpus") List<GpuDevice> gpus,
      @ForAll("residents") List<LoadedModel> loaded,
      @ForAll EvictionStrategy eviction,
      @ForAll @net.jqwik.api.constraints.LongRange(min = 0, max = 64_000) long available) {
    LoadPolicy policy =
        LoadPolicy.defaults().withEviction(eviction).withPlacement(PlacementMode.ANY);
    PoolPlacer placer = LayerPlacer.placer(model);
    MemoryPools pools = MemoryPools.of(ram(available), gpus);

    Decision decision = policy.decide(TARGET, requirement(model), placer, pools, loaded, Set.of());

    if (!(decision instanceof Decision.Fits)) {
      // Only RAM can be short: the RAM part of the placement is over RAM available.
      assertThat(placer.place(gpus, policy.gpuMargin()).ram()).isGreaterThan(mib(available));
      assertThat(decision.check().shortPools()).allMatch(pool -> pool.pool().equals("RAM"));
    }
  }
}
