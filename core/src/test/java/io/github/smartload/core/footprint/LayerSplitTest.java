package io.github.smartload.core.footprint;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.smartload.core.ByteSize;
import io.github.smartload.core.GpuDevice;
import io.github.smartload.core.placement.LayerPlacer;
import io.github.smartload.core.placement.ModelLayers;
import io.github.smartload.core.placement.Placement;
import java.util.List;
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

  /**
   * llama3.1:8b's shape with tied embeddings, stated weights 4.9 GB, at 4096 tokens, wholly on a 24
   * GB GPU. The file holds token_embd once (295,501,824 bytes at Q4_K), so the blocks take the
   * rest: (4,900,000,000 - 295,501,824) / 32 = 143,890,568 bytes each. On the GPU the output layer
   * is a second copy of token_embd (295,501,824), so the GPU holds 4,604,498,176 blocks + 32 x 16
   * MiB = 536,870,912 KV + 295,501,824 output = 5,436,870,912 bytes and its compute buffer; RAM
   * keeps token_embd (295,501,824) and the output buffer (4 x 128256 = 513,024). Without a GPU the
   * output layer is token_embd itself: the model takes its footprint, 4.9 GB + KV + buffers.
   */
  @Test
  void aTiedModelWhollyOnAGpuHoldsTheEmbeddingsTwice() {
    ModelFacts tied = Models.llama31_8b().toBuilder().tiedEmbeddings(true).build();
    ModelLayers layers =
        LayerSplit.of(tied, RunSettings.forContext(4096), Optional.of(ByteSize.ofGigabytes("4.9")))
            .orElseThrow();
    GpuDevice gpu =
        new GpuDevice(
            0,
            "GPU-0",
            "RTX 4090",
            ByteSize.ofGigabytes("24"),
            ByteSize.ZERO,
            ByteSize.ofGigabytes("24"),
            GpuDevice.Kind.DISCRETE,
            "CUDA");

    Placement onGpu = LayerPlacer.withDefaultMargin().place(layers, List.of(gpu));
    Placement cpuOnly = LayerPlacer.withDefaultMargin().place(layers, List.of());

    assertThat(layers.blockWeights()).allMatch(w -> w.equals(ByteSize.ofBytes(143_890_568L)));
    assertThat(onGpu.whollyOnGpus()).isTrue();
    assertThat(onGpu.vram())
        .isEqualTo(ByteSize.ofBytes(5_436_870_912L).plus(layers.computeBuffer()));
    assertThat(onGpu.ram()).isEqualTo(ByteSize.ofBytes(295_501_824L + 513_024L));
    assertThat(cpuOnly.ram())
        .isEqualTo(
            ByteSize.ofBytes(4_900_000_000L + 536_870_912L + 513_024L)
                .plus(layers.computeBuffer()));
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
