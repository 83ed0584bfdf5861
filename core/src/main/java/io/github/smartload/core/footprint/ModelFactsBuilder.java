package io.github.smartload.core.footprint;

import io.github.smartload.core.ByteSize;
import java.util.Optional;
import java.util.OptionalInt;

/** Builds {@link ModelFacts}; every fact left unset is unknown. */
public final class ModelFactsBuilder {

  private Optional<String> architecture = Optional.empty();
  private Optional<ByteSize> fileSize = Optional.empty();
  private OptionalInt blockCount = OptionalInt.empty();
  private Optional<LayerCount> headCountKv = Optional.empty();
  private OptionalInt keyLength = OptionalInt.empty();
  private OptionalInt valueLength = OptionalInt.empty();
  private OptionalInt embeddingLength = OptionalInt.empty();
  private OptionalInt headCount = OptionalInt.empty();
  private OptionalInt vocabSize = OptionalInt.empty();
  private OptionalInt trainedContextLength = OptionalInt.empty();
  private OptionalInt slidingWindow = OptionalInt.empty();
  private Optional<SlidingWindowLayers> slidingWindowLayers = Optional.empty();
  private boolean vision;
  private boolean embedding;
  private Optional<String> quantization = Optional.empty();
  private Optional<Boolean> tiedEmbeddings = Optional.empty();

  ModelFactsBuilder() {}

  ModelFactsBuilder(ModelFacts facts) {
    architecture = facts.architecture();
    fileSize = facts.fileSize();
    blockCount = facts.blockCount();
    headCountKv = facts.headCountKv();
    keyLength = facts.keyLength();
    valueLength = facts.valueLength();
    embeddingLength = facts.embeddingLength();
    headCount = facts.headCount();
    vocabSize = facts.vocabSize();
    trainedContextLength = facts.trainedContextLength();
    slidingWindow = facts.slidingWindow();
    slidingWindowLayers = facts.slidingWindowLayers();
    vision = facts.vision();
    embedding = facts.embedding();
    quantization = facts.quantization();
    tiedEmbeddings = facts.tiedEmbeddings();
  }

  public ModelFactsBuilder architecture(String value) {
    architecture = Optional.of(value);
    return this;
  }

  public ModelFactsBuilder fileSize(ByteSize value) {
    fileSize = Optional.of(value);
    return this;
  }

  public ModelFactsBuilder blockCount(int value) {
    blockCount = OptionalInt.of(value);
    return this;
  }

  public ModelFactsBuilder headCountKv(LayerCount value) {
    headCountKv = Optional.of(value);
    return this;
  }

  public ModelFactsBuilder headCountKv(int value) {
    return headCountKv(LayerCount.uniform(value));
  }

  public ModelFactsBuilder keyLength(int value) {
    keyLength = OptionalInt.of(value);
    return this;
  }

  public ModelFactsBuilder valueLength(int value) {
    valueLength = OptionalInt.of(value);
    return this;
  }

  public ModelFactsBuilder embeddingLength(int value) {
    embeddingLength = OptionalInt.of(value);
    return this;
  }

  public ModelFactsBuilder headCount(int value) {
    headCount = OptionalInt.of(value);
    return this;
  }

  public ModelFactsBuilder vocabSize(int value) {
    vocabSize = OptionalInt.of(value);
    return this;
  }

  public ModelFactsBuilder trainedContextLength(int value) {
    trainedContextLength = OptionalInt.of(value);
    return this;
  }

  public ModelFactsBuilder slidingWindow(int window, SlidingWindowLayers layers) {
    slidingWindow = OptionalInt.of(window);
    slidingWindowLayers = Optional.of(layers);
    return this;
  }

  /** The window alone, for a source that does not tell which layers use it. */
  public ModelFactsBuilder slidingWindow(int window) {
    slidingWindow = OptionalInt.of(window);
    return this;
  }

  public ModelFactsBuilder vision(boolean value) {
    vision = value;
    return this;
  }

  public ModelFactsBuilder embedding(boolean value) {
    embedding = value;
    return this;
  }

  public ModelFactsBuilder quantization(String value) {
    quantization = Optional.of(value);
    return this;
  }

  public ModelFactsBuilder tiedEmbeddings(boolean value) {
    tiedEmbeddings = Optional.of(value);
    return this;
  }

  public ModelFacts build() {
    return new ModelFacts(
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
        vision,
        embedding,
        quantization,
        tiedEmbeddings);
  }
}
