package io.github.smartload.core.footprint;

import io.github.smartload.core.ByteSize;
import java.util.Objects;

/**
 * The memory a model takes when llama.cpp runs it: what Ollama's {@code /api/ps} reports as its
 * size, and what a load must find free.
 *
 * @param weights the model's tensors as loaded (with any repacked copy)
 * @param kvCache the KV cache at the run's context
 * @param computeBuffer the scratch buffer reserved for one micro-batch
 * @param outputBuffer the logits of one token per sequence
 */
public record Footprint(
    ByteSize weights, ByteSize kvCache, ByteSize computeBuffer, ByteSize outputBuffer) {

  public Footprint {
    Objects.requireNonNull(weights, "weights");
    Objects.requireNonNull(kvCache, "kvCache");
    Objects.requireNonNull(computeBuffer, "computeBuffer");
    Objects.requireNonNull(outputBuffer, "outputBuffer");
  }

  /**
   * The footprint of a model with these facts run with these settings, or the facts it lacks. Pure:
   * the same arguments give the same answer.
   */
  public static FootprintResult estimate(ModelFacts facts, RunSettings settings) {
    var missing = facts.missingForFootprint();
    if (!missing.isEmpty()) {
      return new FootprintResult.MissingFacts(missing);
    }
    return new FootprintResult.Estimated(LlamaCppAllocation.of(Shape.of(facts), settings));
  }

  /** Compute and output buffers together: what is neither weights nor KV cache. */
  public ByteSize buffers() {
    return computeBuffer.plus(outputBuffer);
  }

  /** The whole requirement: weights + KV cache + buffers. */
  public ByteSize total() {
    return weights.plus(kvCache).plus(buffers());
  }
}
