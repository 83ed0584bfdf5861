package io.github.smartload.core;

import java.util.List;
import java.util.Objects;

/**
 * The numbers every decision is explained with: the model and its size, the memory it requires with
 * the safety margin, the memory available and what the resident models hold.
 */
public record MemoryCheck(
    ModelName target,
    ByteSize size,
    ByteSize required,
    ByteSize available,
    List<LoadedModel> loaded) {

  public MemoryCheck {
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(size, "size");
    Objects.requireNonNull(required, "required");
    Objects.requireNonNull(available, "available");
    loaded = List.copyOf(loaded);
  }

  /** The RAM the resident models hold together. */
  public ByteSize loadedTotal() {
    return loaded.stream().map(LoadedModel::ram).reduce(ByteSize.ZERO, ByteSize::plus);
  }
}
