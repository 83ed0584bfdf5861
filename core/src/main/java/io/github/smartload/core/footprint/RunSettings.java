package io.github.smartload.core.footprint;

import java.util.Objects;

/**
 * How llama.cpp runs a model: what Ollama passes to {@code llama-server}.
 *
 * @param contextPerSequence tokens per sequence (Ollama's {@code num_ctx})
 * @param parallel sequences served at once ({@code OLLAMA_NUM_PARALLEL}); the total context is
 *     their product
 * @param kvCacheType {@code OLLAMA_KV_CACHE_TYPE}; a quantized type needs flash attention
 * @param flashAttention {@code OLLAMA_FLASH_ATTENTION}
 * @param batch logical batch (default 512)
 * @param ubatch physical batch (default 512): the compute buffer scales with it
 * @param mmap whether the weights are mapped from the file (Ollama turns it off on CPU-only hosts)
 * @param cpuRepack whether the CPU backend repacks Q4_0/Q4_K weights (it does on AVX2 and ARM)
 * @param kvUnified one KV stream for all sequences ({@code --kv-unified}) instead of one each
 * @param swaFull sliding-window layers keep the whole context ({@code --swa-full})
 */
public record RunSettings(
    int contextPerSequence,
    int parallel,
    KvCacheType kvCacheType,
    FlashAttention flashAttention,
    int batch,
    int ubatch,
    boolean mmap,
    boolean cpuRepack,
    boolean kvUnified,
    boolean swaFull) {

  /** llama.cpp's default batch and micro-batch. */
  public static final int DEFAULT_BATCH = 512;

  /** The largest total context (per sequence x parallel) and batch taken: far above real runs. */
  public static final int MAX_TOTAL_CONTEXT = 1 << 24;

  public static final int MAX_BATCH = 1 << 16;

  public RunSettings {
    Objects.requireNonNull(kvCacheType, "kvCacheType");
    Objects.requireNonNull(flashAttention, "flashAttention");
    if (contextPerSequence < 1) {
      throw new IllegalArgumentException("the context is at least 1 token: " + contextPerSequence);
    }
    if (parallel < 1) {
      throw new IllegalArgumentException("parallel is at least 1: " + parallel);
    }
    if (ubatch < 1 || batch < ubatch || batch > MAX_BATCH) {
      throw new IllegalArgumentException(
          "batch "
              + batch
              + " and ubatch "
              + ubatch
              + ": need 1 <= ubatch <= batch <= "
              + MAX_BATCH);
    }
    if (kvCacheType.isQuantized() && flashAttention == FlashAttention.OFF) {
      throw new IllegalArgumentException(
          "a " + kvCacheType.settingName() + " KV cache needs flash attention: llama.cpp refuses");
    }
    if ((long) contextPerSequence * parallel > MAX_TOTAL_CONTEXT) {
      throw new IllegalArgumentException(
          contextPerSequence
              + " tokens x "
              + parallel
              + " sequences is past the largest context taken, "
              + MAX_TOTAL_CONTEXT);
    }
  }

  /**
   * Ollama's defaults on a CPU-only host at this context: one sequence, f16 cache, flash attention
   * auto, batch 512, mmap off, repacking on, one KV stream per sequence, a windowed SWA cache.
   */
  public static RunSettings forContext(int contextPerSequence) {
    return new RunSettings(
        contextPerSequence,
        1,
        KvCacheType.F16,
        FlashAttention.AUTO,
        DEFAULT_BATCH,
        DEFAULT_BATCH,
        false,
        true,
        false,
        false);
  }

  /** The total context llama.cpp allocates: per sequence x parallel. */
  public long totalContext() {
    return (long) contextPerSequence * parallel;
  }

  public RunSettings withContext(int tokens) {
    return new RunSettings(
        tokens,
        parallel,
        kvCacheType,
        flashAttention,
        batch,
        ubatch,
        mmap,
        cpuRepack,
        kvUnified,
        swaFull);
  }

  public RunSettings withParallel(int sequences) {
    return new RunSettings(
        contextPerSequence,
        sequences,
        kvCacheType,
        flashAttention,
        batch,
        ubatch,
        mmap,
        cpuRepack,
        kvUnified,
        swaFull);
  }

  public RunSettings withCache(KvCacheType type, FlashAttention attention) {
    return new RunSettings(
        contextPerSequence,
        parallel,
        type,
        attention,
        batch,
        ubatch,
        mmap,
        cpuRepack,
        kvUnified,
        swaFull);
  }

  public RunSettings withBatch(int logical, int physical) {
    return new RunSettings(
        contextPerSequence,
        parallel,
        kvCacheType,
        flashAttention,
        logical,
        physical,
        mmap,
        cpuRepack,
        kvUnified,
        swaFull);
  }

  public RunSettings withMmap(boolean mapped) {
    return new RunSettings(
        contextPerSequence,
        parallel,
        kvCacheType,
        flashAttention,
        batch,
        ubatch,
        mapped,
        cpuRepack,
        kvUnified,
        swaFull);
  }

  public RunSettings withSwaFull(boolean full) {
    return new RunSettings(
        contextPerSequence,
        parallel,
        kvCacheType,
        flashAttention,
        batch,
        ubatch,
        mmap,
        cpuRepack,
        kvUnified,
        full);
  }

  public RunSettings withKvUnified(boolean unified) {
    return new RunSettings(
        contextPerSequence,
        parallel,
        kvCacheType,
        flashAttention,
        batch,
        ubatch,
        mmap,
        cpuRepack,
        unified,
        swaFull);
  }
}
