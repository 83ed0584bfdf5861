package io.github.smartload.core;

import java.util.Objects;
import java.util.OptionalInt;

/**
 * One memory pool in a decision's log: {@code GPU 0 (RTX 4090): 22.9 GB free, needs 21.3 GB, 33/33
 * layers}.
 *
 * @param pool {@code RAM}, or the GPU as {@link GpuDevice#toString()} names it
 * @param free what it has free now (RAM: available)
 * @param needs what the placement puts on it
 * @param layers the model's layers on it, of {@code totalLayers}
 * @param shortBy what it lacks even after the decided unloads; zero when it suffices
 * @param gpuIndex the GPU's index as its tool numbers it; empty for RAM
 * @param split {@link PlacementSplit#WHOLE} when the model was placed by its size alone: then
 *     {@code layers} is 1 on the pool that holds it and 0 elsewhere, no count of real layers
 * @param freeAfterUnload what it has free once the decided unloads are done; {@code free} when they
 *     free nothing here. {@code needs} is the placement with them done, so beside {@code free}
 *     alone it would read as not fitting
 * @param shortBeforeUnload what it lacks now, before any unload, as {@code shortBy} after them: why
 *     a decision unloads
 */
public record PoolUse(
    String pool,
    ByteSize free,
    ByteSize needs,
    int layers,
    int totalLayers,
    ByteSize shortBy,
    OptionalInt gpuIndex,
    PlacementSplit split,
    ByteSize freeAfterUnload,
    ByteSize shortBeforeUnload) {

  public PoolUse {
    Objects.requireNonNull(pool, "pool");
    Objects.requireNonNull(gpuIndex, "gpuIndex");
    Objects.requireNonNull(free, "free");
    Objects.requireNonNull(needs, "needs");
    Objects.requireNonNull(shortBy, "shortBy");
    Objects.requireNonNull(split, "split");
    Objects.requireNonNull(freeAfterUnload, "freeAfterUnload");
    Objects.requireNonNull(shortBeforeUnload, "shortBeforeUnload");
  }

  /** A pool that no unload frees: as much free and as short after as now. */
  public PoolUse(
      String pool,
      ByteSize free,
      ByteSize needs,
      int layers,
      int totalLayers,
      ByteSize shortBy,
      OptionalInt gpuIndex,
      PlacementSplit split) {
    this(pool, free, needs, layers, totalLayers, shortBy, gpuIndex, split, free, shortBy);
  }

  /** Whether the decided unloads give this pool memory back. */
  public boolean freedByUnload() {
    return free.isLessThan(freeAfterUnload);
  }

  /** Whether the placement puts the model, or some of its layers, in this pool. */
  public boolean holdsAny() {
    return layers > 0;
  }

  /** Whether this is a GPU's memory (else system RAM). */
  public boolean isGpu() {
    return gpuIndex.isPresent();
  }

  /** Whether it lacks memory now, before the decided unloads. */
  public boolean isShortBeforeUnload() {
    return shortBeforeUnload.bytes() > 0;
  }

  public boolean isShort() {
    return shortBy.bytes() > 0;
  }

  @Override
  public String toString() {
    String line = pool + ": " + free + " free";
    if (freedByUnload()) {
      line += ", " + freeAfterUnload + " after unloading";
    }
    line += ", needs " + needs;
    if (split == PlacementSplit.LAYERS) {
      line += ", " + layers + "/" + totalLayers + " layers";
    } else if (holdsAny()) {
      line += ", whole model";
    }
    return isShort() ? line + ", short by " + shortBy : line;
  }
}
