package io.github.smartload.core.footprint;

import java.util.Objects;

/**
 * The context and parallelism Ollama will run a model with, each with where it came from.
 *
 * @param numCtx tokens per sequence
 * @param source where {@code numCtx} came from (or what bounded it)
 * @param parallel sequences at once
 * @param parallelSource where {@code parallel} came from
 * @param kvCacheType the server's KV cache type
 * @param flashAttention the server's flash-attention setting
 */
public record ResolvedContext(
    int numCtx,
    ContextSource source,
    int parallel,
    ParallelSource parallelSource,
    KvCacheType kvCacheType,
    FlashAttention flashAttention) {

  public ResolvedContext {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(parallelSource, "parallelSource");
    Objects.requireNonNull(kvCacheType, "kvCacheType");
    Objects.requireNonNull(flashAttention, "flashAttention");
    if (numCtx < 1 || parallel < 1) {
      throw new IllegalArgumentException(
          "a context of " + numCtx + " tokens x " + parallel + " sequences: both must be positive");
    }
  }

  /**
   * llama.cpp's settings for this context, with Ollama's CPU-host defaults for the rest.
   *
   * @throws IllegalArgumentException when context x parallel is past {@link
   *     RunSettings#MAX_TOTAL_CONTEXT} (a request may name any num_ctx; no model is trained that
   *     long, so the trained-length cap normally prevents it)
   */
  public RunSettings runSettings() {
    return RunSettings.forContext(numCtx)
        .withParallel(parallel)
        .withCache(kvCacheType, flashAttention);
  }
}
