package io.github.smartload.core.footprint;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.smartload.core.ByteSize;
import io.github.smartload.core.placement.LayerPlacer;
import io.github.smartload.core.placement.ModelLayers;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/** A model's split per layer adds up to its footprint, whatever the model, context and cache. */
class LayerSplitProperties {

  @Provide
  Arbitrary<ModelFacts> models() {
    return Arbitraries.of(Models.llama31_8b(), Models.gemma3_12b(), Models.qwen25_14b());
  }

  @Provide
  Arbitrary<RunSettings> settings() {
    return Arbitraries.integers()
        .between(1, 131_072)
        .flatMap(
            context ->
                Arbitraries.of(
                    RunSettings.forContext(context),
                    RunSettings.forContext(context).withParallel(2),
                    RunSettings.forContext(context).withCache(KvCacheType.Q8_0, FlashAttention.ON),
                    RunSettings.forContext(context).withCache(KvCacheType.Q4_0, FlashAttention.ON),
                    RunSettings.forContext(context).withCache(KvCacheType.F16, FlashAttention.OFF),
                    RunSettings.forContext(context).withMmap(true).withSwaFull(true)));
  }

  @Property
  void placedWithNoGpuTheLayersTakeExactlyTheFootprint(
      @ForAll("models") ModelFacts model, @ForAll("settings") RunSettings run) {
    Footprint footprint = Footprint.estimate(model, run).footprint().orElseThrow();
    ModelLayers layers = LayerSplit.of(model, run, Optional.empty()).orElseThrow();

    assertThat(layers.total()).isEqualTo(footprint.total());
    assertThat(LayerPlacer.withDefaultMargin().place(layers, List.of()).ram())
        .isEqualTo(footprint.total());
  }

  @Property
  void theBlocksKvCacheSumsExactlyToTheFootprintsKvCache(
      @ForAll("models") ModelFacts model, @ForAll("settings") RunSettings run) {
    Footprint footprint = Footprint.estimate(model, run).footprint().orElseThrow();
    ModelLayers layers = LayerSplit.of(model, run, Optional.empty()).orElseThrow();

    assertThat(layers.blockKvCache().stream().mapToLong(ByteSize::bytes).sum())
        .isEqualTo(footprint.kvCache().bytes());
    assertThat(layers.blocks()).isEqualTo(model.blockCount().orElseThrow());
  }

  @Property
  void statedWeightsReplaceTheFootprintsOwn(
      @ForAll("models") ModelFacts model,
      @ForAll @IntRange(min = 256, max = 65_536) int context,
      @ForAll @LongRange(min = 1, max = 100_000_000_000L) long weights) {
    RunSettings run = RunSettings.forContext(context);
    Footprint footprint = Footprint.estimate(model, run).footprint().orElseThrow();
    ModelLayers layers =
        LayerSplit.of(model, run, Optional.of(ByteSize.ofBytes(weights))).orElseThrow();

    assertThat(layers.total())
        .isEqualTo(ByteSize.ofBytes(weights).plus(footprint.kvCache()).plus(footprint.buffers()));
  }
}
