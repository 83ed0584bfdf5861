package io.github.smartload.core;

import java.time.Instant;
import java.util.Objects;

/**
 * A model resident in the runtime: its size in memory (weights, KV cache and buffers, as the
 * runtime reports it), the part of that held in VRAM, and when its keep-alive runs out.
 */
public record LoadedModel(ModelName name, ByteSize size, ByteSize vram, Instant expiresAt) {

  public LoadedModel {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(size, "size");
    Objects.requireNonNull(vram, "vram");
    Objects.requireNonNull(expiresAt, "expiresAt");
    if (vram.compareTo(size) > 0) {
      throw new IllegalArgumentException(
          name + ": VRAM share " + vram + " exceeds its size " + size);
    }
  }

  /** A CPU-only model: all of it in RAM. */
  public static LoadedModel inRam(ModelName name, ByteSize size, Instant expiresAt) {
    return new LoadedModel(name, size, ByteSize.ZERO, expiresAt);
  }

  /** The system RAM {@code models} hold together: what unloading them all gives back. */
  public static ByteSize totalRam(java.util.Collection<LoadedModel> models) {
    return models.stream().map(LoadedModel::ram).reduce(ByteSize.ZERO, ByteSize::plus);
  }

  /** The VRAM {@code models} hold together, on every GPU. */
  public static ByteSize totalVram(java.util.Collection<LoadedModel> models) {
    return models.stream().map(LoadedModel::vram).reduce(ByteSize.ZERO, ByteSize::plus);
  }

  /** The system RAM this model holds, and so gives back when unloaded. */
  public ByteSize ram() {
    return size.minusOrZero(vram);
  }

  /**
   * Whether the runtime is stopping this model: its keep-alive has run out, so its memory is on its
   * way back and it must not be unloaded again.
   */
  public boolean isStoppingAt(Instant now) {
    return !expiresAt.isAfter(now);
  }
}
