package io.github.smartload.core.footprint;

import io.github.smartload.core.ByteSize;
import java.util.Optional;

/** The facts a footprint needs, all known: made only from facts that miss none of them. */
record Shape(
    ByteSize fileSize,
    int blocks,
    LayerCount kvHeads,
    int keyLength,
    int valueLength,
    int embedding,
    int heads,
    long vocab,
    int slidingWindow,
    Optional<SlidingWindowLayers> slidingLayers,
    Optional<String> quantization,
    boolean tiedEmbeddings) {

  static Shape of(ModelFacts facts) {
    int embedding = facts.embeddingLength().orElseThrow();
    int heads = facts.headCount().orElseThrow();
    // GGUF's default head size when the keys are not given: embedding length / head count.
    int keyLength = facts.keyLength().orElse(embedding / heads);
    return new Shape(
        facts.fileSize().orElseThrow(),
        facts.blockCount().orElseThrow(),
        facts.headCountKv().orElseThrow(),
        keyLength,
        facts.valueLength().orElse(embedding / heads),
        embedding,
        heads,
        facts.vocabSize().orElseThrow(),
        facts.slidingWindow().orElse(0),
        facts.slidingWindowLayers(),
        facts.quantization(),
        // Unknown counts as tied: the larger of the two weight figures when repacked.
        facts.tiedEmbeddings().orElse(true));
  }

  boolean slides(int layer) {
    return slidingWindow > 0 && slidingLayers.map(layers -> layers.uses(layer)).orElse(false);
  }
}
