package io.github.smartload.core.placement;

import io.github.smartload.core.ByteSize;
import io.github.smartload.core.GpuDevice;
import java.util.Objects;

/**
 * What one GPU holds of a model.
 *
 * @param blocks how many blocks it holds (a contiguous slice)
 * @param holdsOutput whether the output layer is on it
 * @param bytes its blocks, their KV cache, the output layer if held, and a compute buffer when it
 *     holds anything
 * @param target its free memory minus the margin: the most the fit lets it hold
 */
public record GpuShare(
    GpuDevice device, int blocks, boolean holdsOutput, ByteSize bytes, ByteSize target) {

  public GpuShare {
    Objects.requireNonNull(device, "device");
    Objects.requireNonNull(bytes, "bytes");
    Objects.requireNonNull(target, "target");
    if (blocks < 0) {
      throw new IllegalArgumentException("a GPU cannot hold " + blocks + " blocks");
    }
  }

  /** The layers llama.cpp counts for it: its blocks, plus one for the output layer. */
  public int layers() {
    return blocks + (holdsOutput ? 1 : 0);
  }
}
