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
 * @param split whether the layers are known ({@link PlacementSplit#LAYERS}) or the model is one
 *     whole piece placed by its size ({@link PlacementSplit#WHOLE}: 1 layer, in one pool)
 */
public record PoolDemand(
    List<GpuUse> gpus,
    ByteSize ram,
    int layers,
    int ramLayers,
    ByteSize spilled,
    PlacementSplit split) {

  public PoolDemand {
    gpus = List.copyOf(gpus);
    Objects.requireNonNull(ram, "ram");
    Objects.requireNonNull(spilled, "spilled");
    Objects.requireNonNull(split, "split");
    if (layers < 1 || ramLayers < 0 || ramLayers > layers) {
      throw new IllegalArgumentException(
          ramLayers
              + " of "
              + layers
              + " layers in RAM: need 0 <= RAM layers <= layers, 1 <= layers");
    }
  }

  /** A model known by its size only, wholly in system RAM. */
  public static PoolDemand wholeInRam(ByteSize required) {
    return new PoolDemand(List.of(), required, 1, 1, required, PlacementSplit.WHOLE);
  }

  /** A model known by its size only, wholly on {@code gpu}. */
  public static PoolDemand wholeOn(GpuDevice gpu, ByteSize required) {
    return new PoolDemand(
        List.of(new GpuUse(gpu, 1, required)),
        ByteSize.ZERO,
        1,
        0,
        ByteSize.ZERO,
        PlacementSplit.WHOLE);
  }

  /** Whether every layer would run on a GPU. */
  public boolean whollyOnGpus() {
    return ramLayers == 0 && !gpus.isEmpty();
  }
}
