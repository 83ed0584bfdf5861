package io.github.smartload.core;

/** Which loaded models to unload when a large model does not fit. */
public enum EvictionStrategy {
  /** The original's rule: unload every loaded model except the pinned ones. */
  ALL,
  /**
   * Unload only as many models as needed, least recently used first (earliest keep-alive expiry),
   * and no more than the smallest such set.
   */
  LRU
}
