package io.github.smartload.core;

import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * How a model would be placed on the GPUs it is given: by its layers (the placement package's
 * {@code LayerPlacer}), or by its size alone when no split is known ({@link #whole}).
 */
@FunctionalInterface
public interface PoolPlacer {

  /**
   * Where the model would land on {@code gpus} (integrated ones are RAM), each discrete GPU keeping
   * {@code marginPerDevice} free.
   */
  PoolDemand place(List<GpuDevice> gpus, ByteSize marginPerDevice);

  /**
   * A model known by its size only (the margin rule): all of {@code required} on the discrete GPU
   * with the most free memory when it fits there within the margin, else all of it in RAM.
   * Conservative: a real load would spill only part of it, so the RAM part is never smaller.
   */
  static PoolPlacer whole(ByteSize required) {
    Objects.requireNonNull(required, "required");
    return (gpus, margin) ->
        gpus.stream()
            .filter(GpuDevice::isDiscrete)
            .max(Comparator.comparing(GpuDevice::free))
            .filter(gpu -> gpu.free().minusOrZero(margin).isAtLeast(required))
            .map(gpu -> PoolDemand.wholeOn(gpu, required))
            .orElseGet(() -> PoolDemand.wholeInRam(required));
  }
}
