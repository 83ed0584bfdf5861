package io.github.smartload.core.size;

import io.github.smartload.core.ModelName;

/**
 * Answers "how big is this model": the one place that rule lives. Today the size table, then the
 * runtime's figure; a model's footprint at a context (weights, KV cache, buffers) plugs in here as
 * another implementation.
 */
@FunctionalInterface
public interface Sizing {

  /** The size of {@code model}; may ask the runtime (and so throw its exceptions). */
  ModelSize sizeOf(ModelName model);
}
