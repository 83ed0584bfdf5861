package io.github.smartload.core.footprint;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.smartload.core.ByteSize;
import io.github.smartload.core.OllamaPrediction;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Ollama's own prediction, llm.PredictServerVRAM: file size + f16 KV at the context. */
class OllamaVramPredictionTest {

  /** qwen2.5:32b's shape: 64 blocks, 8 KV heads, embedding 5120 over 40 heads (128 each). */
  private static ModelFacts qwen32b() {
    return ModelFacts.builder()
        .architecture("qwen2")
        .fileSize(ByteSize.ofGigabytes("19"))
        .blockCount(64)
        .headCountKv(8)
        .embeddingLength(5120)
        .headCount(40)
        .vocabSize(152064)
        .trainedContextLength(32768)
        .build();
  }

  private static ResolvedContext at(int tokens, int parallel) {
    return new ResolvedContext(
        tokens,
        ContextSource.REQUEST,
        parallel,
        ParallelSource.DEFAULT,
        KvCacheType.Q8_0,
        FlashAttention.ON);
  }

  @Test
  void isTheFileSizePlusAnF16KvCacheWhateverTheCacheType() {
    OllamaPrediction prediction =
        OllamaVramPrediction.of(qwen32b(), at(4096, 1), ByteSize.ofGigabytes("1"));

    // 19e9 + 2 x 64 x 8 x 128 x 4096 x 2 = 19e9 + 1,073,741,824
    assertThat(prediction.bytes()).isEqualTo(ByteSize.ofBytes(20_073_741_824L));
    assertThat(prediction.byFacts()).isTrue();
  }

  @Test
  void countsEverySequenceButNoTokenPastTheTrainedLength() {
    assertThat(OllamaVramPrediction.of(qwen32b(), at(4096, 2), ByteSize.ZERO).bytes())
        .isEqualTo(ByteSize.ofBytes(19_000_000_000L + 2 * 1_073_741_824L));
    assertThat(OllamaVramPrediction.of(qwen32b(), at(131072, 1), ByteSize.ZERO).bytes())
        .isEqualTo(ByteSize.ofBytes(19_000_000_000L + 8 * 1_073_741_824L));
  }

  @Test
  void takesTheFewestKvHeadsOfAnyLayerAndOneWhereThatIsZero() {
    ModelFacts mixed =
        qwen32b().toBuilder().headCountKv(LayerCount.perLayer(List.of(8, 4))).build();
    ModelFacts none = qwen32b().toBuilder().headCountKv(LayerCount.perLayer(List.of(0, 8))).build();

    assertThat(OllamaVramPrediction.of(mixed, at(4096, 1), ByteSize.ZERO).bytes())
        .isEqualTo(ByteSize.ofBytes(19_000_000_000L + 1_073_741_824L / 2));
    assertThat(OllamaVramPrediction.of(none, at(4096, 1), ByteSize.ZERO).bytes())
        .isEqualTo(ByteSize.ofBytes(19_000_000_000L + 1_073_741_824L / 8));
  }

  @Test
  void theGivenWeightsStandInForAnUnknownFileSize() {
    ModelFacts noFile =
        ModelFacts.builder()
            .blockCount(64)
            .headCountKv(8)
            .embeddingLength(5120)
            .headCount(40)
            .build();

    assertThat(OllamaVramPrediction.of(noFile, at(4096, 1), ByteSize.ofGigabytes("18")).bytes())
        .isEqualTo(ByteSize.ofBytes(18_000_000_000L + 1_073_741_824L));
  }
}
