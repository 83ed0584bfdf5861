package io.github.smartload.core.footprint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.smartload.core.ByteSize;
import java.util.List;
import org.junit.jupiter.api.Test;

class FootprintTest {

  @Test
  void missingFactsAreNamedInsteadOfGuessed() {
    ModelFacts facts =
        ModelFacts.builder().architecture("llama").fileSize(ByteSize.ofGigabytes("4.9")).build();

    FootprintResult result = Footprint.estimate(facts, RunSettings.forContext(4096));

    assertThat(result).isInstanceOf(FootprintResult.MissingFacts.class);
    assertThat(((FootprintResult.MissingFacts) result).message())
        .isEqualTo(
            "missing facts: block_count, attention.head_count_kv, embedding_length,"
                + " attention.head_count, vocab_size");
  }

  @Test
  void aPerLayerHeadCountShorterThanTheBlocksIsMissingFacts() {
    ModelFacts facts =
        Models.llama31_8b().toBuilder().headCountKv(LayerCount.perLayer(List.of(8, 8))).build();

    assertThat(facts.missingForFootprint())
        .containsExactly("attention.head_count_kv for all 32 layers");
  }

  @Test
  void aWindowWithoutItsLayersIsMissingFacts() {
    ModelFacts facts = ModelFacts.builder().slidingWindow(512).build();

    assertThat(facts.missingForFootprint()).contains("which layers use the sliding window");
  }

  @Test
  void llama8bAt32kTokensNeedsItsKvCacheOnTopOfItsWeights() {
    Footprint footprint = estimate(Models.llama31_8b(), RunSettings.forContext(32768));

    // 32 layers x 8 heads x 128 x (2 + 2 bytes) x 32768 cells = 4 GiB exactly.
    assertThat(footprint.kvCache()).isEqualTo(ByteSize.parse("4GiB"));
    assertThat(footprint.outputBuffer().bytes()).isEqualTo(128256L * 4);
    assertThat(footprint.total().bytes()).isGreaterThan(ByteSize.ofGigabytes("9.2").bytes());
  }

  @Test
  void perLayerHeadCountsAreSummedLayerByLayer() {
    ModelFacts uniform = Models.qwen25_14b();
    List<Integer> half =
        java.util.stream.IntStream.range(0, 48).map(i -> i % 2 == 0 ? 8 : 0).boxed().toList();
    ModelFacts mixed = uniform.toBuilder().headCountKv(LayerCount.perLayer(half)).build();

    RunSettings run = RunSettings.forContext(8192);

    assertThat(estimate(mixed, run).kvCache().bytes() * 2)
        .isEqualTo(estimate(uniform, run).kvCache().bytes());
  }

  @Test
  void gemma3SlidesFiveLayersInSixOverAWindowPlusOneMicroBatch() {
    Footprint footprint = estimate(Models.gemma3_12b(), RunSettings.forContext(32768));

    // 8 global layers at 32768 cells, 40 sliding at pad256(1024 + 512) = 1536 cells,
    // each cell 8 heads x 256 x (2 + 2) bytes.
    long perCell = 8L * 256 * 4;
    assertThat(footprint.kvCache().bytes()).isEqualTo(perCell * (8L * 32768 + 40L * 1536));
  }

  @Test
  void theFullSlidingWindowCacheHoldsTheWholeContextInEveryLayer() {
    Footprint footprint =
        estimate(Models.gemma3_12b(), RunSettings.forContext(32768).withSwaFull(true));

    assertThat(footprint.kvCache().bytes()).isEqualTo(8L * 256 * 4 * 48 * 32768);
  }

  @Test
  void aContextIsAllocatedInWholeCellsOf256() {
    ModelFacts llama = Models.llama31_8b();

    assertThat(estimate(llama, RunSettings.forContext(1000)).kvCache())
        .isEqualTo(estimate(llama, RunSettings.forContext(1024)).kvCache());
  }

  @Test
  void withoutFlashAttentionTheScoresOfALongContextDominate() {
    RunSettings on = RunSettings.forContext(131072).withCache(KvCacheType.F16, FlashAttention.ON);
    RunSettings off = on.withCache(KvCacheType.F16, FlashAttention.OFF);

    ByteSize withFlash = estimate(Models.llama31_8b(), on).computeBuffer();
    ByteSize without = estimate(Models.llama31_8b(), off).computeBuffer();

    // 512 x 4 x (131072 x 33 + ...): more than 8.8 GB of attention scores.
    assertThat(without.bytes()).isGreaterThan(8_800_000_000L);
    assertThat(withFlash.bytes()).isEqualTo(512L * 4 * (128256 + 2 * 4096));
  }

  @Test
  void repackedWeightsCountTheMappedFileAndTheCopyWithMmap() {
    ModelFacts q40 = Models.llama31_8b().toBuilder().quantization("Q4_0").build();

    ByteSize mapped = estimate(q40, RunSettings.forContext(2048).withMmap(true)).weights();
    ByteSize copied = estimate(q40, RunSettings.forContext(2048).withMmap(false)).weights();

    assertThat(mapped).isEqualTo(ByteSize.ofGigabytes("9.8"));
    assertThat(copied).isEqualTo(ByteSize.ofGigabytes("4.9"));
  }

  @Test
  void theLargestShapeAndRunTakenStillHaveAFootprintInALong() {
    ModelFacts largest =
        ModelFacts.builder()
            .fileSize(ModelFacts.MAX_FILE_SIZE)
            .blockCount(ModelFacts.MAX_BLOCKS)
            .headCountKv(LayerCount.MAX)
            .keyLength(ModelFacts.MAX_HEAD_LENGTH)
            .valueLength(ModelFacts.MAX_HEAD_LENGTH)
            .embeddingLength(ModelFacts.MAX_EMBEDDING)
            .headCount(ModelFacts.MAX_HEADS)
            .vocabSize(ModelFacts.MAX_VOCABULARY)
            .quantization("Q4_0")
            .build();
    RunSettings run =
        RunSettings.forContext(RunSettings.MAX_TOTAL_CONTEXT)
            .withCache(KvCacheType.F16, FlashAttention.OFF)
            .withBatch(RunSettings.MAX_BATCH, RunSettings.MAX_BATCH)
            .withMmap(true);

    assertThat(estimate(largest, run).total().bytes()).isPositive();
    assertThat(estimate(largest, run.withCache(KvCacheType.Q8_0, FlashAttention.ON)).total())
        .isNotNull();
  }

  @Test
  void shapesPastTheLimitsAreRefusedWithTheFactNamed() {
    assertThatThrownBy(() -> ModelFacts.builder().blockCount(ModelFacts.MAX_BLOCKS + 1).build())
        .hasMessage("block_count must be from 1 to 4096, not 4097");
    assertThatThrownBy(() -> RunSettings.forContext(RunSettings.MAX_TOTAL_CONTEXT).withParallel(2))
        .hasMessageContaining("past the largest context taken");
  }

  @Test
  void aQuantizedCacheWithFlashAttentionOffIsRefusedAsLlamaCppDoes() {
    assertThatThrownBy(
            () -> RunSettings.forContext(2048).withCache(KvCacheType.Q8_0, FlashAttention.OFF))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("q8_0 KV cache needs flash attention");
  }

  @Test
  void kvCacheTypesParseAsOllamaWritesThem() {
    assertThat(KvCacheType.parse("q8_0")).isEqualTo(KvCacheType.Q8_0);
    assertThat(KvCacheType.parse(" ")).isEqualTo(KvCacheType.F16);
    assertThatThrownBy(() -> KvCacheType.parse("q5_1"))
        .hasMessage("'q5_1' is not a KV cache type: use f16, q8_0 or q4_0");
  }

  private static Footprint estimate(ModelFacts facts, RunSettings settings) {
    return Footprint.estimate(facts, settings).footprint().orElseThrow();
  }
}
