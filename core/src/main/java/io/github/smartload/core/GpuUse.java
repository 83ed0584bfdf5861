package io.github.smartload.core;

import java.util.Objects;

/**
 * What one GPU would hold of a model.
 *
 * @param layers the layers on it (blocks, and the output layer when it holds it)
 * @param bytes its layers, their KV cache and its compute buffer
 */
public record GpuUse(GpuDevice device, int layers, ByteSize bytes) {

  public GpuUse {
    Objects.requireNonNull(device, "device");
    Objects.requireNonNull(bytes, "bytes");
    if (layers < 0) {
      throw new IllegalArgumentException(device + " cannot hold " + layers + " layers");
    }
  }
}
