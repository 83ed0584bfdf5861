package io.github.smartload.core.footprint;

import io.github.smartload.core.ByteSize;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What is known of a model's shape, as GGUF metadata names it (Ollama's {@code /api/show}). Every
 * fact may be unknown; {@link #missingForFootprint()} names those a footprint needs.
 *
 * @param architecture {@code general.architecture}
 * @param fileSize the model file's size (what {@code /api/tags} lists)
 * @param blockCount {@code block_count}, the number of layers
 * @param headCountKv {@code attention.head_count_kv}, once or per layer
 * @param keyLength {@code attention.key_length}; unknown means embedding length / head count
 * @param valueLength {@code attention.value_length}; unknown means as the key length
 * @param slidingWindow {@code attention.sliding_window}, in tokens
 * @param slidingWindowLayers which layers use the window (needed when the window is known)
 * @param vision the model takes images (Ollama then runs it at 2048 tokens at least)
 * @param embedding an embedding model (Ollama then runs one sequence at a time)
 * @param quantization the weights' quantization as Ollama names it ({@code Q4_K_M})
 * @param tiedEmbeddings the output layer reuses the token embedding (no {@code output.weight})
 */
public record ModelFacts(
    Optional<String> architecture,
    Optional<ByteSize> fileSize,
    OptionalInt blockCount,
    Optional<LayerCount> headCountKv,
    OptionalInt keyLength,
    OptionalInt valueLength,
    OptionalInt embeddingLength,
    OptionalInt headCount,
    OptionalInt vocabSize,
    OptionalInt trainedContextLength,
    OptionalInt slidingWindow,
    Optional<SlidingWindowLayers> slidingWindowLayers,
    boolean vision,
    boolean embedding,
    Optional<String> quantization,
    Optional<Boolean> tiedEmbeddings) {

  /** Limits far above any real model, low enough that no footprint overflows a {@code long}. */
  public static final int MAX_BLOCKS = 4096;

  public static final int MAX_HEADS = LayerCount.MAX;
  public static final int MAX_HEAD_LENGTH = 16_384;
  public static final int MAX_EMBEDDING = 1 << 20;
  public static final int MAX_VOCABULARY = 1 << 24;
  public static final ByteSize MAX_FILE_SIZE = ByteSize.ofBytes(1L << 50);

  public ModelFacts {
    notNull(
        architecture,
        fileSize,
        blockCount,
        headCountKv,
        keyLength,
        valueLength,
        embeddingLength,
        headCount,
        vocabSize,
        trainedContextLength,
        slidingWindow,
        slidingWindowLayers,
        quantization,
        tiedEmbeddings);
    within("block_count", blockCount, MAX_BLOCKS);
    within("attention.key_length", keyLength, MAX_HEAD_LENGTH);
    within("attention.value_length", valueLength, MAX_HEAD_LENGTH);
    within("embedding_length", embeddingLength, MAX_EMBEDDING);
    within("attention.head_count", headCount, MAX_HEADS);
    within("vocab_size", vocabSize, MAX_VOCABULARY);
    within("context_length", trainedContextLength, Integer.MAX_VALUE);
    within("attention.sliding_window", slidingWindow, Integer.MAX_VALUE);
    if (fileSize.isPresent() && fileSize.get().compareTo(MAX_FILE_SIZE) > 0) {
      throw new IllegalArgumentException(
          "a model file of " + fileSize.get().bytes() + " bytes is past any real model's size");
    }
  }

  public static ModelFactsBuilder builder() {
    return new ModelFactsBuilder();
  }

  /** A builder holding these facts, to change some. */
  public ModelFactsBuilder toBuilder() {
    return new ModelFactsBuilder(this);
  }

  /**
   * The facts a footprint needs and these lack, by their GGUF names ({@code block_count}), empty
   * when the footprint can be computed. A per-layer count must have one value per block.
   */
  public List<String> missingForFootprint() {
    List<String> missing = new ArrayList<>();
    if (fileSize.isEmpty()) {
      missing.add("file size");
    }
    if (blockCount.isEmpty()) {
      missing.add("block_count");
    }
    if (headCountKv.isEmpty()) {
      missing.add("attention.head_count_kv");
    } else if (headCountKv.get() instanceof LayerCount.PerLayer perLayer
        && blockCount.isPresent()
        && perLayer.values().size() < blockCount.getAsInt()) {
      missing.add("attention.head_count_kv for all " + blockCount.getAsInt() + " layers");
    }
    if (embeddingLength.isEmpty()) {
      missing.add("embedding_length");
    }
    if (headCount.isEmpty()) {
      missing.add("attention.head_count");
    }
    if (vocabSize.isEmpty()) {
      missing.add("vocab_size");
    }
    if (slidingWindow.isPresent() && slidingWindowLayers.isEmpty()) {
      missing.add("which layers use the sliding window");
    }
    return List.copyOf(missing);
  }

  private static void notNull(Object... facts) {
    for (Object fact : facts) {
      Objects.requireNonNull(fact, "an unknown fact is an empty Optional, not null");
    }
  }

  private static void within(String name, OptionalInt value, int max) {
    if (value.isPresent() && (value.getAsInt() <= 0 || value.getAsInt() > max)) {
      throw new IllegalArgumentException(
          name + " must be from 1 to " + max + ", not " + value.getAsInt());
    }
  }
}
