package io.github.smartload.core.load;

import io.github.smartload.core.ByteSize;
import io.github.smartload.core.GpuDevice;
import io.github.smartload.core.LoadedModel;
import io.github.smartload.core.MemorySnapshot;
import io.github.smartload.core.ModelName;
import io.github.smartload.core.port.GpuProbe;
import io.github.smartload.core.port.GpuProbeException;
import io.github.smartload.core.port.LoadEvent;
import io.github.smartload.core.port.LoadListener;
import io.github.smartload.core.port.MemoryProbe;
import io.github.smartload.core.port.ModelReader;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Waits, by polling, for models to leave the runtime and for memory (RAM, VRAM) to come back. */
final class RuntimeWatch {

  /**
   * Memory that has not risen for this long after an unload came back as far as it will: the kernel
   * frees a large runner's pages over a second or so after the runtime stops listing it.
   */
  static final Duration MEMORY_SETTLE_TIME = Duration.ofSeconds(2);

  /** What the runtime listed last, and which of the awaited models it still listed. */
  record Waiting(List<LoadedModel> stillListed, List<ModelName> pending) {}

  private final MemoryProbe probe;
  private final GpuProbe gpus;
  private final ModelReader runtime;
  private final LoadTiming timing;

  RuntimeWatch(MemoryProbe probe, ModelReader runtime, LoadTiming timing) {
    this(probe, GpuProbe.NONE, runtime, timing);
  }

  RuntimeWatch(MemoryProbe probe, GpuProbe gpus, ModelReader runtime, LoadTiming timing) {
    this.probe = probe;
    this.gpus = gpus;
    this.runtime = runtime;
    this.timing = timing;
  }

  Instant deadline() {
    return timing.clock().instant().plus(timing.unloadDeadline());
  }

  /** Polls the runtime until it lists none of {@code models}, or the deadline passes. */
  Waiting awaitGone(List<ModelName> models, Instant deadline, LoadListener listener) {
    Instant start = timing.clock().instant();
    List<ModelName> pending = new ArrayList<>(models);
    while (true) {
      List<LoadedModel> listed = runtime.loadedModels();
      List<ModelName> listedNames = listed.stream().map(LoadedModel::name).toList();
      pending.removeIf(model -> !listedNames.contains(model));
      if (pending.isEmpty() || !timing.clock().instant().isBefore(deadline)) {
        return new Waiting(listed, pending);
      }
      listener.on(
          new LoadEvent.WaitingForUnload(
              pending, Duration.between(start, timing.clock().instant())));
      timing.sleeper().sleep(timing.poll());
    }
  }

  /**
   * Re-reads memory until it covers {@code required}, has not risen for {@link #MEMORY_SETTLE_TIME}
   * (it came back as far as it will), or the deadline passes: freeing is asynchronous, and a
   * reading or two may come before the kernel has the pages back.
   */
  MemorySnapshot awaitMemory(ByteSize required, Instant deadline) {
    MemorySnapshot memory = probe.read();
    ByteSize highest = memory.available();
    Instant lastRise = timing.clock().instant();
    while (!memory.available().isAtLeast(required)
        && timing.clock().instant().isBefore(deadline)
        && Duration.between(lastRise, timing.clock().instant()).compareTo(MEMORY_SETTLE_TIME) < 0) {
      timing.sleeper().sleep(timing.poll());
      memory = probe.read();
      if (memory.available().compareTo(highest) > 0) {
        highest = memory.available();
        lastRise = timing.clock().instant();
      }
    }
    return memory;
  }

  /**
   * The free memory of the discrete GPUs together (integrated ones share RAM); empty when there are
   * none or their tool failed: a GPU reading is no reason to fail an unload, it only ends the wait.
   */
  Optional<ByteSize> freeVram() {
    try {
      List<GpuDevice> pools = gpus.devices().stream().filter(GpuDevice::isDiscrete).toList();
      return pools.isEmpty()
          ? Optional.empty()
          : Optional.of(pools.stream().map(GpuDevice::free).reduce(ByteSize.ZERO, ByteSize::plus));
    } catch (GpuProbeException e) {
      return Optional.empty();
    }
  }

  /**
   * Re-reads the GPUs until their free memory reaches {@code expected}, has not risen for {@link
   * #MEMORY_SETTLE_TIME}, or the deadline passes: the driver frees a runner's VRAM after the
   * runtime stops listing it, as the kernel frees its RAM.
   */
  void awaitVram(ByteSize expected, Instant deadline) {
    Optional<ByteSize> free = freeVram();
    ByteSize highest = free.orElse(ByteSize.ZERO);
    Instant lastRise = timing.clock().instant();
    while (free.isPresent()
        && !free.get().isAtLeast(expected)
        && timing.clock().instant().isBefore(deadline)
        && Duration.between(lastRise, timing.clock().instant()).compareTo(MEMORY_SETTLE_TIME) < 0) {
      timing.sleeper().sleep(timing.poll());
      free = freeVram();
      if (free.isPresent() && free.get().compareTo(highest) > 0) {
        highest = free.get();
        lastRise = timing.clock().instant();
      }
    }
  }
}
