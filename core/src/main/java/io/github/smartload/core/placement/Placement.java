package io.github.smartload.core.placement;

import io.github.smartload.core.ByteSize;
import java.util.List;
import java.util.Objects;

/**
 * Where a model's memory lands: a share per GPU used and what stays in system RAM.
 *
 * @param gpus one share per GPU used, in device order; empty when the model runs on the CPU
 * @param cpuBlocks the blocks left in system RAM (the first ones, as the fit fills from the back)
 * @param ram what system RAM holds: the CPU's blocks and the output layer when it stays there, the
 *     host weights (token embeddings), the output buffer, and a compute buffer when the CPU holds
 *     layers
 */
public record Placement(Spread spread, List<GpuShare> gpus, int cpuBlocks, ByteSize ram) {

  /** How the GPUs were chosen, as Ollama chooses them. */
  public enum Spread {
    /** No discrete GPU: everything in system RAM. */
    CPU_ONLY,
    /** The model takes at most 80% of the free memory of the GPU with the most: that GPU alone. */
    ONE_GPU,
    /** Every discrete GPU, layers split in proportion to their free memory. */
    ALL_GPUS
  }

  public Placement {
    Objects.requireNonNull(spread, "spread");
    gpus = List.copyOf(gpus);
    Objects.requireNonNull(ram, "ram");
    if (cpuBlocks < 0) {
      throw new IllegalArgumentException("the CPU cannot hold " + cpuBlocks + " blocks");
    }
  }

  /** Whether every layer runs on a GPU (only host weights and buffers stay in RAM). */
  public boolean whollyOnGpus() {
    return cpuBlocks == 0 && gpus.stream().anyMatch(GpuShare::holdsOutput);
  }

  /** What the GPUs hold together. */
  public ByteSize vram() {
    return gpus.stream().map(GpuShare::bytes).reduce(ByteSize.ZERO, ByteSize::plus);
  }
}
