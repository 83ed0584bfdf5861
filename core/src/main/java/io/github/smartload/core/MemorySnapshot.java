package io.github.smartload.core;

import java.util.Objects;
import java.util.Optional;

/**
 * One reading of the machine's memory. {@code total} is the limit that applies (the host's RAM or a
 * cgroup's limit); {@code available} is what a new model may take without swapping.
 */
public record MemorySnapshot(
    ByteSize total,
    ByteSize available,
    ByteSize swapTotal,
    ByteSize swapFree,
    MemorySource source,
    Optional<MemoryPressure> pressure) {

  public MemorySnapshot {
    Objects.requireNonNull(total, "total");
    Objects.requireNonNull(available, "available");
    Objects.requireNonNull(swapTotal, "swapTotal");
    Objects.requireNonNull(swapFree, "swapFree");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(pressure, "pressure");
    if (available.compareTo(total) > 0) {
      throw new IllegalArgumentException(
          "available memory " + available + " exceeds total " + total + " (" + source + ")");
    }
    if (swapFree.compareTo(swapTotal) > 0) {
      throw new IllegalArgumentException(
          "free swap " + swapFree + " exceeds total swap " + swapTotal + " (" + source + ")");
    }
  }

  /** A reading the operator gave instead of a measurement: no swap, no pressure. */
  public static MemorySnapshot given(ByteSize available) {
    return new MemorySnapshot(
        available,
        available,
        ByteSize.ZERO,
        ByteSize.ZERO,
        new MemorySource(MemorySource.Kind.GIVEN, ""),
        Optional.empty());
  }

  public ByteSize swapUsed() {
    return swapTotal.minusOrZero(swapFree);
  }
}
