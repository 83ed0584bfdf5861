package io.github.smartload.core;

import java.util.List;
import java.util.Objects;

/**
 * Where a model would land given the GPUs' free memory: what each pool must hold. The decision
 * checks {@code ram} against RAM available and, with {@link PlacementMode#GPU}, {@code
 * whollyOnGpus}.
 *
 * @param gpus one entry per GPU that would hold layers
 * @param ram what system RAM would hold (token embeddings, buffers and the layers left to the CPU)
 * @param layers the model's layers (blocks and the output layer); 1 when not known per layer
 * @param ramLayers the layers left to the CPU
 * @param spilled the bytes of the layers left to the CPU (with their compute buffer): what the GPUs
 *     lack to hold the model wholly
 */
public record PoolDemand(
    List<GpuUse> gpus, ByteSize ram, int layers, int ramLayers, ByteSize spilled) {

  public PoolDemand {
    gpus = List.copyOf(gpus);
    Objects.requireNonNull(ram, "ram");
    Objects.requireNonNull(spilled, "spilled");
    if (layers < 1 || ramLayers < 0 || ramLayers > layers) {
      throw new IllegalArgumentException(
          ramLayers
              + " of "
              + layers
              + " layers in RAM: need 0 <= RAM layers <= layers, 1 <= layers");
    }
  }

  /** Everything in system RAM: no GPU to place on. */
  public static PoolDemand ramOnly(ByteSize ram, int layers) {
    return new PoolDemand(List.of(), ram, layers, layers, ram);
  }

  /** Whether every layer would run on a GPU. */
  public boolean whollyOnGpus() {
    return ramLayers == 0 && !gpus.isEmpty();
  }
}
