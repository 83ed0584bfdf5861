package io.github.smartload.core;

/** Which loaded models to unload when a large model does not fit. */
public enum EvictionStrategy {
  /** The original's rule: unload every loaded model except the pinned ones. */
  ALL,
  /**
   * Unload only as many models as needed, those whose keep-alive runs out first, and no more than
   * the smallest such set. That is the least recently used only while every model has the same
   * keep-alive (the runtime sets expiry = last use + keep-alive), hence the name.
   */
  EXPIRING_FIRST
}
