package io.github.smartload.ollama.fake;

import io.github.smartload.core.ByteSize;
import io.github.smartload.core.GpuDevice;
import io.github.smartload.core.ModelName;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The evictions Ollama makes itself before a load (ollama/ollama server/sched.go at fb30760): with
 * {@code OLLAMA_MAX_LOADED_MODELS} runners loaded it evicts one (processPending, lines 265-267);
 * else, with a model loaded and the load going to GPUs, it evicts one when its predicted size
 * exceeds 80% of the GPUs' free memory (load, lines 547-561). It then waits for that unload and
 * asks again, until the model passes or nothing is loaded.
 *
 * <p>The prediction is Ollama's: the file size plus an f16 KV cache at the context, from the
 * model's {@code /api/show} facts where the fake was given them ({@link FakePrediction}). Free
 * memory is the discrete GPUs' together, as {@code availableMemoryForLoad} sums one library's
 * devices.
 */
final class FakeEvictions {

  private FakeEvictions() {}

  /** Ollama's default cap: 3 per GPU, 3 without one (sched.go {@code defaultModelsPerGPU}). */
  static int defaultMaxLoaded(int gpus) {
    return 3 * Math.max(gpus, 1);
  }

  /**
   * The runner Ollama unloads next before loading a model of {@code predicted} bytes, if any.
   *
   * @param others the resident models other than the one to load, stopping ones too (Ollama keeps a
   *     runner in its list until it has exited)
   * @param busy the models answering a request now
   * @param onGpus false for a load with {@code num_gpu} 0: Ollama then sees no GPUs
   */
  static Optional<ModelName> next(
      ByteSize predicted,
      List<FakeResident> others,
      Set<ModelName> busy,
      List<GpuDevice> gpus,
      boolean onGpus,
      int maxLoaded) {
    if (others.isEmpty()) {
      return Optional.empty();
    }
    boolean capped = others.size() >= maxLoaded;
    ByteSize free =
        gpus.stream()
            .filter(GpuDevice::isDiscrete)
            .map(GpuDevice::free)
            .reduce(ByteSize.ZERO, ByteSize::plus);
    boolean toGpus = onGpus && gpus.stream().anyMatch(GpuDevice::isDiscrete);
    // predictedForLoad > freeMemory*80/100, in integer bytes as Ollama computes it
    boolean over = toGpus && predicted.bytes() > free.bytes() * 80 / 100;
    if (!capped && !over) {
      return Optional.empty();
    }
    return Optional.of(victim(others, busy));
  }

  /**
   * findRunnerToUnload (sched.go 1664-1692): ordered ByDurationAndName (1557-1578), the first idle
   * one, else the first (Ollama then waits for its requests). The fake breaks ties by model name,
   * where Ollama uses the GGUF blob's path.
   */
  private static ModelName victim(List<FakeResident> others, Set<ModelName> busy) {
    List<FakeResident> ordered =
        others.stream()
            .sorted(
                Comparator.comparing((FakeResident r) -> unsigned(r.keepAlive()))
                    .thenComparing(r -> r.name().toString()))
            .toList();
    return ordered.stream()
        .filter(r -> !busy.contains(r.name()))
        .findFirst()
        .orElse(ordered.get(0))
        .name();
  }

  /** uint64(sessionDuration): a negative keep-alive (forever) sorts last. */
  private static long unsigned(Duration keepAlive) {
    return keepAlive.isNegative() ? Long.MAX_VALUE : keepAlive.toNanos();
  }
}
