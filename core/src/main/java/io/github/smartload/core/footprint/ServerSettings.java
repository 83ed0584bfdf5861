package io.github.smartload.core.footprint;

import io.github.smartload.core.ByteSize;
import java.util.List;
import java.util.Objects;

/**
 * The Ollama server's settings that decide a model's context and cache, wherever they were read.
 *
 * @param contextLength {@code OLLAMA_CONTEXT_LENGTH}; 0 means automatic (the VRAM tier)
 * @param numParallel {@code OLLAMA_NUM_PARALLEL}; 0 means Ollama's default, 1
 * @param kvCacheType {@code OLLAMA_KV_CACHE_TYPE}
 * @param flashAttention {@code OLLAMA_FLASH_ATTENTION}
 * @param gpuTotals each GPU's total memory; empty on a CPU-only host
 * @param gpuOverhead {@code OLLAMA_GPU_OVERHEAD}, reserved on each GPU
 * @param maxLoadedModels {@code OLLAMA_MAX_LOADED_MODELS}; 0 means Ollama's default, 3 per GPU
 */
public record ServerSettings(
    int contextLength,
    int numParallel,
    KvCacheType kvCacheType,
    FlashAttention flashAttention,
    List<ByteSize> gpuTotals,
    ByteSize gpuOverhead,
    int maxLoadedModels) {

  public ServerSettings {
    Objects.requireNonNull(kvCacheType, "kvCacheType");
    Objects.requireNonNull(flashAttention, "flashAttention");
    Objects.requireNonNull(gpuOverhead, "gpuOverhead");
    gpuTotals = List.copyOf(gpuTotals);
    if (contextLength < 0) {
      throw new IllegalArgumentException(
          "OLLAMA_CONTEXT_LENGTH cannot be negative: " + contextLength);
    }
    if (numParallel < 0) {
      throw new IllegalArgumentException("OLLAMA_NUM_PARALLEL cannot be negative: " + numParallel);
    }
    if (maxLoadedModels < 0) {
      throw new IllegalArgumentException(
          "OLLAMA_MAX_LOADED_MODELS cannot be negative: " + maxLoadedModels);
    }
  }

  /** Every setting unset, on a host without a GPU. */
  public static ServerSettings defaults() {
    return new ServerSettings(
        0, 0, KvCacheType.F16, FlashAttention.AUTO, List.of(), ByteSize.ZERO, 0);
  }

  public ServerSettings withContextLength(int tokens) {
    return new ServerSettings(
        tokens, numParallel, kvCacheType, flashAttention, gpuTotals, gpuOverhead, maxLoadedModels);
  }

  public ServerSettings withNumParallel(int sequences) {
    return new ServerSettings(
        contextLength,
        sequences,
        kvCacheType,
        flashAttention,
        gpuTotals,
        gpuOverhead,
        maxLoadedModels);
  }

  public ServerSettings withGpus(List<ByteSize> totals, ByteSize overhead) {
    return new ServerSettings(
        contextLength, numParallel, kvCacheType, flashAttention, totals, overhead, maxLoadedModels);
  }

  public ServerSettings withMaxLoadedModels(int models) {
    return new ServerSettings(
        contextLength, numParallel, kvCacheType, flashAttention, gpuTotals, gpuOverhead, models);
  }

  public ServerSettings withCache(KvCacheType type, FlashAttention attention) {
    return new ServerSettings(
        contextLength, numParallel, type, attention, gpuTotals, gpuOverhead, maxLoadedModels);
  }
}
