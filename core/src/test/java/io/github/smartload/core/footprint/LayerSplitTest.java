package io.github.smartload.core.footprint;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.smartload.core.ByteSize;
import io.github.smartload.core.placement.ModelLayers;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LayerSplitTest {

  /**
   * llama3.1:8b (Q4_K_M, untied) at 4096 tokens, stated weights 4.9 GB. Embeddings: 128256 x 4096 =
   * 525,336,576 values; at Q4_K (144/256) 295,501,824 bytes stay in RAM; output.weight at Q6_K
   * (210/256) 430,940,160 bytes. Blocks: (4,900,000,000 - 295,501,824 - 430,940,160) / 32 =
   * 4,173,558,016 / 32 = 130,423,688 bytes each. KV per block: 4096 x 8 x (128 + 128) x 2 = 16 MiB.
   */
  @Test
  void splitsLlama31AtItsContext() {
    RunSettings run = RunSettings.forContext(4096);

    ModelLayers layers =
        LayerSplit.of(Models.llama31_8b(), run, Optional.of(ByteSize.ofGigabytes("4.9")))
            .orElseThrow();

    assertThat(layers.hostWeights()).isEqualTo(ByteSize.ofBytes(295_501_824L));
    assertThat(layers.outputWeights()).isEqualTo(ByteSize.ofBytes(430_940_160L));
    assertThat(layers.blockWeights()).hasSize(32);
    assertThat(layers.blockWeights()).allMatch(w -> w.equals(ByteSize.ofBytes(130_423_688L)));
    assertThat(layers.blockKvCache()).allMatch(kv -> kv.equals(ByteSize.ofBytes(16L << 20)));
  }

  @Test
  void aTiedEmbeddingIsLoadedAgainForTheOutputLayer() {
    ModelFacts tied = Models.llama31_8b().toBuilder().tiedEmbeddings(true).build();

    ModelLayers layers =
        LayerSplit.of(tied, RunSettings.forContext(4096), Optional.empty()).orElseThrow();

    assertThat(layers.outputWeights()).isEqualTo(layers.hostWeights());
  }

  @Test
  void slidingWindowBlocksHoldTheirWindowOnly() {
    // gemma3: layer i slides unless i % 6 == 5; at 32768 tokens a sliding layer holds
    // pad256(1024 + 512) = 1536 cells, a global one 32768.
    ModelLayers layers =
        LayerSplit.of(Models.gemma3_12b(), RunSettings.forContext(32768), Optional.empty())
            .orElseThrow();

    long perCell = 8L * (256 + 256) * 2;
    assertThat(layers.blockKvCache().get(0)).isEqualTo(ByteSize.ofBytes(1536 * perCell));
    assertThat(layers.blockKvCache().get(5)).isEqualTo(ByteSize.ofBytes(32768 * perCell));
  }

  @Test
  void noSplitWithoutTheFacts() {
    ModelFacts none = ModelFacts.builder().architecture("llama").build();

    assertThat(LayerSplit.of(none, RunSettings.forContext(4096), Optional.empty())).isEmpty();
  }
}
