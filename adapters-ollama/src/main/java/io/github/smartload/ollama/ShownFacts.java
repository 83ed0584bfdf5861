package io.github.smartload.ollama;

import io.github.smartload.core.ByteSize;
import io.github.smartload.core.footprint.LayerCount;
import io.github.smartload.core.footprint.ModelFacts;
import io.github.smartload.core.footprint.ModelFactsBuilder;
import io.github.smartload.core.footprint.SlidingWindowLayers;
import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/** Maps what {@code /api/show} told ({@link ShowAnswer}) to core's {@link ModelFacts}. */
final class ShownFacts {

  private ShownFacts() {}

  /** The facts in {@code answer}, with the file size {@code /api/tags} lists for the model. */
  static ModelFacts of(ShowAnswer answer, Optional<ByteSize> fileSize) {
    ModelFactsBuilder facts =
        ModelFacts.builder()
            .vision(answer.capabilities().contains("vision"))
            .embedding(answer.capabilities().contains("embedding"));
    fileSize.ifPresent(facts::fileSize);
    answer.quantization().ifPresent(facts::quantization);
    if (answer.tensorsListed()) {
      facts.tiedEmbeddings(!answer.hasOutputTensor());
    }
    Optional<String> architecture =
        Optional.ofNullable(answer.scalars().get("general.architecture"));
    if (architecture.isEmpty()) {
      return facts.build();
    }
    String arch = architecture.get();
    Keys keys = new Keys(answer, arch + ".");
    facts.architecture(arch);
    keys.number("block_count", ModelFacts.MAX_BLOCKS).ifPresent(facts::blockCount);
    keys.layers("attention.head_count_kv").ifPresent(facts::headCountKv);
    keys.layers("attention.head_count")
        .map(LayerCount::max)
        .filter(heads -> heads > 0 && heads <= ModelFacts.MAX_HEADS)
        .ifPresent(facts::headCount);
    keys.number("attention.key_length", ModelFacts.MAX_HEAD_LENGTH).ifPresent(facts::keyLength);
    keys.number("attention.value_length", ModelFacts.MAX_HEAD_LENGTH).ifPresent(facts::valueLength);
    OptionalInt embedding = keys.number("embedding_length", ModelFacts.MAX_EMBEDDING);
    embedding.ifPresent(facts::embeddingLength);
    keys.number("context_length", Integer.MAX_VALUE).ifPresent(facts::trainedContextLength);
    OptionalInt vocabulary = vocabulary(answer, keys, embedding);
    if (vocabulary.isPresent() && vocabulary.getAsInt() <= ModelFacts.MAX_VOCABULARY) {
      facts.vocabSize(vocabulary.getAsInt());
    }
    OptionalInt window = keys.number("attention.sliding_window", Integer.MAX_VALUE);
    Optional<SlidingWindowLayers> sliding =
        keys.flags("attention.sliding_window_pattern")
            .or(() -> SlidingWindowLayers.forArchitecture(arch));
    // llama.cpp slides only the architectures it knows to: elsewhere the key is ignored.
    if (window.isPresent() && sliding.isPresent()) {
      facts.slidingWindow(window.getAsInt(), sliding.get());
    }
    return facts.build();
  }

  /** {@code PARAMETER num_ctx} of the Modelfile, from {@code parameters} ("num_ctx 4096"). */
  static OptionalInt modelfileNumCtx(ShowAnswer answer) {
    return answer
        .parameters()
        .flatMap(
            text ->
                text.lines()
                    .map(String::strip)
                    .map(line -> line.split("\\s+", 2))
                    .filter(parts -> parts.length == 2 && parts[0].equals("num_ctx"))
                    .reduce((first, second) -> second)
                    .map(parts -> parts[1].strip()))
        .map(ShownFacts::positive)
        .orElse(OptionalInt.empty());
  }

  /**
   * {@code vocab_size} when the architecture has it; else the dimension of {@code
   * token_embd.weight} that is not the embedding length; else the tokenizer list's length.
   */
  private static OptionalInt vocabulary(ShowAnswer answer, Keys keys, OptionalInt embedding) {
    OptionalInt declared = keys.number("vocab_size", ModelFacts.MAX_VOCABULARY);
    if (declared.isPresent()) {
      return declared;
    }
    List<OptionalInt> shape =
        answer.tokenEmbeddingShape().stream().map(ShownFacts::positive).toList();
    if (shape.size() == 2
        && shape.stream().allMatch(OptionalInt::isPresent)
        && embedding.isPresent()) {
      int first = shape.get(0).getAsInt();
      int second = shape.get(1).getAsInt();
      return OptionalInt.of(first == embedding.getAsInt() ? second : first);
    }
    return answer.tokenCount();
  }

  /** A positive whole number, or empty for anything else (a fraction, text, zero). */
  static OptionalInt positive(String text) {
    try {
      BigDecimal number = new BigDecimal(text.strip());
      int value = number.intValueExact();
      return value > 0 ? OptionalInt.of(value) : OptionalInt.empty();
    } catch (NumberFormatException | ArithmeticException e) {
      return OptionalInt.empty();
    }
  }

  /** The architecture's keys of one answer ({@code llama.block_count}). */
  private record Keys(ShowAnswer answer, String prefix) {

    /** A whole number from 1 to {@code max}; anything else counts as not given. */
    OptionalInt number(String key, int max) {
      String text = answer.scalars().get(prefix + key);
      OptionalInt value = text == null ? OptionalInt.empty() : positive(text);
      return value.isPresent() && value.getAsInt() <= max ? value : OptionalInt.empty();
    }

    /** A count given once (a number) or per layer (an array, in a verbose answer). */
    Optional<LayerCount> layers(String key) {
      List<String> perLayer = answer.arrays().get(prefix + key);
      if (perLayer != null && !perLayer.isEmpty()) {
        List<Integer> values = perLayer.stream().map(ShownFacts::count).toList();
        return values.contains(-1) ? Optional.empty() : Optional.of(LayerCount.perLayer(values));
      }
      OptionalInt once = number(key, LayerCount.MAX);
      return once.isPresent() ? Optional.of(LayerCount.uniform(once.getAsInt())) : Optional.empty();
    }

    Optional<SlidingWindowLayers> flags(String key) {
      List<String> perLayer = answer.arrays().get(prefix + key);
      if (perLayer == null || perLayer.isEmpty()) {
        return Optional.empty();
      }
      return Optional.of(
          SlidingWindowLayers.listed(perLayer.stream().map(Boolean::parseBoolean).toList()));
    }
  }

  /** A count that may be 0 (a layer without attention), or -1 when it is not one. */
  private static int count(String text) {
    try {
      int value = new BigDecimal(text.strip()).intValueExact();
      return value >= 0 && value <= LayerCount.MAX ? value : -1;
    } catch (NumberFormatException | ArithmeticException e) {
      return -1;
    }
  }
}
