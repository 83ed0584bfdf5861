package io.github.smartload.core.footprint;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.smartload.core.ByteSize;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

class FootprintProperties {

  @Provide
  Arbitrary<ModelFacts> models() {
    return Arbitraries.of(Models.llama31_8b(), Models.gemma3_12b(), Models.qwen25_14b());
  }

  @Provide
  Arbitrary<FlashAttention> attention() {
    return Arbitraries.of(FlashAttention.values());
  }

  @Property
  void growsWithTheContext(
      @ForAll("models") ModelFacts model,
      @ForAll("attention") FlashAttention attention,
      @ForAll @IntRange(min = 1, max = 200_000) int context,
      @ForAll @IntRange(min = 1, max = 100_000) int more) {
    RunSettings run = RunSettings.forContext(context).withCache(KvCacheType.F16, attention);

    assertThat(total(model, run.withContext(context + more)))
        .isGreaterThanOrEqualTo(total(model, run));
  }

  @Property
  void growsWithParallelSequences(
      @ForAll("models") ModelFacts model,
      @ForAll("attention") FlashAttention attention,
      @ForAll @IntRange(min = 1, max = 65_536) int context,
      @ForAll @IntRange(min = 1, max = 7) int parallel) {
    RunSettings run =
        RunSettings.forContext(context)
            .withParallel(parallel)
            .withCache(KvCacheType.F16, attention);

    assertThat(total(model, run.withParallel(parallel + 1))).isGreaterThan(total(model, run));
  }

  @Property
  void growsWithTheCacheWidth(
      @ForAll("models") ModelFacts model, @ForAll @IntRange(min = 1, max = 200_000) int context) {
    RunSettings run = RunSettings.forContext(context);

    long q4 = kv(model, run.withCache(KvCacheType.Q4_0, FlashAttention.ON));
    long q8 = kv(model, run.withCache(KvCacheType.Q8_0, FlashAttention.ON));
    long f16 = kv(model, run.withCache(KvCacheType.F16, FlashAttention.ON));

    assertThat(q4).isLessThan(q8);
    assertThat(q8).isLessThan(f16);
  }

  @Property
  void theLargestContextFitsAndOneStepMoreDoesNot(
      @ForAll("models") ModelFacts model,
      @ForAll("attention") FlashAttention attention,
      @ForAll @IntRange(min = 1, max = 4) int parallel,
      @ForAll @LongRange(min = 1_000_000_000L, max = 200_000_000_000L) long budgetBytes,
      @ForAll @IntRange(min = 1, max = 8192) int minimum) {
    RunSettings run =
        RunSettings.forContext(2048).withParallel(parallel).withCache(KvCacheType.F16, attention);
    ByteSize budget = ByteSize.ofBytes(budgetBytes);

    ContextFit fit = ContextFit.largest(model, run, budget, minimum);

    if (fit instanceof ContextFit.Fits fits) {
      int context = fits.contextPerSequence();
      assertThat(context % 256).isZero();
      assertThat(context).isGreaterThanOrEqualTo(minimum);
      assertThat(total(model, run.withContext(context))).isLessThanOrEqualTo(budgetBytes);
      assertThat(fits.footprint().total().bytes())
          .isEqualTo(total(model, run.withContext(context)));
      if (context + 256 <= model.trainedContextLength().orElseThrow()) {
        assertThat(total(model, run.withContext(context + 256))).isGreaterThan(budgetBytes);
      }
    } else {
      ContextFit.NoneFits none = (ContextFit.NoneFits) fit;
      assertThat(none.atMinimum().total().bytes()).isGreaterThan(budgetBytes);
      assertThat(total(model, run.withContext(none.minimumContext()))).isGreaterThan(budgetBytes);
    }
  }

  @Property
  void modelsMissingFactsHaveNoLargestContext(
      @ForAll @LongRange(min = 1, max = 200_000_000_000L) long budgetBytes) {
    ModelFacts partial = Models.llama31_8b().toBuilder().build();
    ModelFacts unknown =
        ModelFacts.builder().architecture(partial.architecture().orElseThrow()).build();

    assertThat(
            ContextFit.largest(
                unknown, RunSettings.forContext(2048), ByteSize.ofBytes(budgetBytes), 2048))
        .isInstanceOf(ContextFit.MissingFacts.class);
  }

  private static long total(ModelFacts model, RunSettings run) {
    return Footprint.estimate(model, run).footprint().orElseThrow().total().bytes();
  }

  private static long kv(ModelFacts model, RunSettings run) {
    return Footprint.estimate(model, run).footprint().orElseThrow().kvCache().bytes();
  }
}
