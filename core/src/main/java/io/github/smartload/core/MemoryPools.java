package io.github.smartload.core;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The machine's memory read together: system RAM and the GPUs. Only a discrete GPU is a pool of its
 * own; an integrated one shares system RAM, which {@code ram} already counts, so it is listed but
 * never a pool. When the GPUs' tool failed the reading is RAM only, and {@code gpuError} says why
 * in one line: a failed GPU tool is a warning, never a reason not to read RAM.
 *
 * @param gpus every GPU the probe listed, in its order (integrated ones too)
 */
public record MemoryPools(MemorySnapshot ram, List<GpuDevice> gpus, Optional<String> gpuError) {

  public MemoryPools {
    Objects.requireNonNull(ram, "ram");
    gpus = List.copyOf(gpus);
    Objects.requireNonNull(gpuError, "gpuError");
    if (gpuError.isPresent() && !gpus.isEmpty()) {
      throw new IllegalArgumentException(
          "a reading whose GPU tool failed (" + gpuError.get() + ") lists no GPUs");
    }
  }

  /** A reading with the GPUs listed. */
  public static MemoryPools of(MemorySnapshot ram, List<GpuDevice> gpus) {
    return new MemoryPools(ram, gpus, Optional.empty());
  }

  /** RAM alone: no GPU, or GPUs ignored ({@code --gpu none}). */
  public static MemoryPools ramOnly(MemorySnapshot ram) {
    return of(ram, List.of());
  }

  /** RAM alone because the GPUs' tool failed with {@code error}. */
  public static MemoryPools gpuFailed(MemorySnapshot ram, String error) {
    return new MemoryPools(ram, List.of(), Optional.of(error));
  }

  /** The GPUs with memory of their own: the pools beside RAM. */
  public List<GpuDevice> vramPools() {
    return gpus.stream().filter(GpuDevice::isDiscrete).toList();
  }

  /**
   * This reading with the memory {@code models} hold given back: their RAM to RAM available (at
   * most the total), their VRAM to the discrete GPUs. {@code /api/ps} tells a model's VRAM on all
   * GPUs together: with one discrete GPU it all goes there (exact); with several it is shared in
   * proportion to each GPU's used memory, never more than a GPU uses (an approximation: a model on
   * one GPU of two is counted partly on the other).
   */
  public MemoryPools withFreed(java.util.Collection<LoadedModel> models) {
    ByteSize ramBack = LoadedModel.totalRam(models);
    ByteSize available = ram.available().plus(ramBack);
    MemorySnapshot freedRam =
        new MemorySnapshot(
            ram.total(),
            available.isLessThan(ram.total()) ? available : ram.total(),
            ram.swapTotal(),
            ram.swapFree(),
            ram.source(),
            ram.pressure());
    long vram = LoadedModel.totalVram(models).bytes();
    long used =
        vramPools().stream().mapToLong(gpu -> gpu.total().minusOrZero(gpu.free()).bytes()).sum();
    List<GpuDevice> freed =
        gpus.stream()
            .map(
                gpu -> {
                  if (!gpu.isDiscrete() || vram == 0 || used == 0) {
                    return gpu;
                  }
                  long gpuUsed = gpu.total().minusOrZero(gpu.free()).bytes();
                  long back =
                      Math.min(
                          gpuUsed,
                          vramPools().size() == 1 ? vram : (long) ((double) vram * gpuUsed / used));
                  ByteSize free = gpu.free().plus(ByteSize.ofBytes(back));
                  return new GpuDevice(
                      gpu.index(),
                      gpu.id(),
                      gpu.name(),
                      gpu.total(),
                      gpu.total().minusOrZero(free),
                      free,
                      gpu.kind(),
                      gpu.driverLibrary());
                })
            .toList();
    return new MemoryPools(freedRam, freed, gpuError);
  }

  /** What the discrete GPUs have free together; zero without one. */
  public ByteSize freeVram() {
    return vramPools().stream().map(GpuDevice::free).reduce(ByteSize.ZERO, ByteSize::plus);
  }
}
