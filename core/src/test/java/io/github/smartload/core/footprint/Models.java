package io.github.smartload.core.footprint;

import io.github.smartload.core.ByteSize;

/** Real models' published shapes (the project's memory notes), for footprint tests. */
public final class Models {

  private Models() {}

  public static ModelFacts llama31_8b() {
    return ModelFacts.builder()
        .architecture("llama")
        .fileSize(ByteSize.ofGigabytes("4.9"))
        .blockCount(32)
        .headCountKv(8)
        .embeddingLength(4096)
        .headCount(32)
        .vocabSize(128256)
        .trainedContextLength(131072)
        .quantization("Q4_K_M")
        .tiedEmbeddings(false)
        .build();
  }

  static ModelFacts gemma3_12b() {
    return ModelFacts.builder()
        .architecture("gemma3")
        .fileSize(ByteSize.ofGigabytes("8.1"))
        .blockCount(48)
        .headCountKv(8)
        .keyLength(256)
        .valueLength(256)
        .embeddingLength(3840)
        .headCount(16)
        .vocabSize(262144)
        .trainedContextLength(131072)
        .slidingWindow(1024, SlidingWindowLayers.forArchitecture("gemma3").orElseThrow())
        .quantization("Q4_K_M")
        .tiedEmbeddings(true)
        .build();
  }

  static ModelFacts qwen25_14b() {
    return ModelFacts.builder()
        .architecture("qwen2")
        .fileSize(ByteSize.ofGigabytes("9.0"))
        .blockCount(48)
        .headCountKv(8)
        .embeddingLength(5120)
        .headCount(40)
        .vocabSize(152064)
        .trainedContextLength(32768)
        .quantization("Q4_K_M")
        .tiedEmbeddings(false)
        .build();
  }
}
