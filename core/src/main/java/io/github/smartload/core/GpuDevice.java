package io.github.smartload.core;

import java.util.Objects;

/**
 * One GPU as its driver reports it now: the vendor tool's {@code index}, a stable {@code id} (the
 * NVIDIA UUID, an AMD card's unique id or PCI address) that survives reordering, its memory, and
 * whether it has memory of its own.
 *
 * <p>An {@link Kind#INTEGRATED} device shares system RAM: its memory is counted as RAM, never as a
 * pool of its own, and its figures may be zero where the driver does not report them.
 *
 * @param driverLibrary the compute library that drives it, as Ollama names it ({@code CUDA}, {@code
 *     ROCm})
 */
public record GpuDevice(
    int index,
    String id,
    String name,
    ByteSize total,
    ByteSize used,
    ByteSize free,
    Kind kind,
    String driverLibrary) {

  /** Whether the device has memory of its own. */
  public enum Kind {
    /** Its own VRAM: a memory pool beside system RAM. */
    DISCRETE,
    /** Shares system RAM (an APU, a unified-memory board): counted as RAM. */
    INTEGRATED
  }

  public GpuDevice {
    if (index < 0) {
      throw new IllegalArgumentException("a GPU index cannot be negative: " + index);
    }
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(total, "total");
    Objects.requireNonNull(used, "used");
    Objects.requireNonNull(free, "free");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(driverLibrary, "driverLibrary");
    if (id.isBlank()) {
      throw new IllegalArgumentException("GPU " + index + " has an empty id");
    }
    if (free.compareTo(total) > 0) {
      throw new IllegalArgumentException(
          "GPU " + index + " (" + name + "): free " + free + " exceeds total " + total);
    }
  }

  /** Whether this device is a memory pool of its own, apart from system RAM. */
  public boolean isDiscrete() {
    return kind == Kind.DISCRETE;
  }

  @Override
  public String toString() {
    return "GPU " + index + " (" + name + ")";
  }
}
