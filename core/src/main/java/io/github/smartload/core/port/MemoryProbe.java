package io.github.smartload.core.port;

import io.github.smartload.core.MemorySnapshot;

/** Reads how much memory the machine (or the runtime's container) has for a model now. */
@FunctionalInterface
public interface MemoryProbe {

  /**
   * @throws MemoryProbeException when the memory cannot be read or the reading makes no sense
   */
  MemorySnapshot read();
}
