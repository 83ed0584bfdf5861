package io.github.smartload.core.load;

import io.github.smartload.core.ByteSize;
import io.github.smartload.core.LoadedModel;
import io.github.smartload.core.MemorySnapshot;
import io.github.smartload.core.ModelName;
import io.github.smartload.core.port.GpuProbe;
import io.github.smartload.core.port.LoadEvent;
import io.github.smartload.core.port.LoadListener;
import io.github.smartload.core.port.MemoryProbe;
import io.github.smartload.core.port.ModelRuntime;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The explicit unload ({@code smartload unload}): unloads the models asked for and waits until the
 * runtime lists them no more and their memory has come back.
 */
public final class SmartUnloader {

  private final MemoryProbe probe;
  private final ModelRuntime runtime;
  private final LoadTiming timing;
  private final UnloadStep step;

  public SmartUnloader(MemoryProbe probe, ModelRuntime runtime, LoadTiming timing) {
    this(probe, GpuProbe.NONE, runtime, timing);
  }

  /** An unloader that also waits for the VRAM the unloaded models held to come back. */
  public SmartUnloader(MemoryProbe probe, GpuProbe gpus, ModelRuntime runtime, LoadTiming timing) {
    this.probe = Objects.requireNonNull(probe, "probe");
    this.runtime = Objects.requireNonNull(runtime, "runtime");
    this.timing = Objects.requireNonNull(timing, "timing");
    this.step =
        new UnloadStep(
            runtime,
            new RuntimeWatch(probe, Objects.requireNonNull(gpus, "gpus"), runtime, timing),
            timing.unloadDeadline());
  }

  /**
   * Unloads what {@code request} names, telling {@code listener} every step.
   *
   * @throws io.github.smartload.core.port.ModelRuntimeException when the runtime cannot be asked
   */
  public UnloadResult unload(UnloadRequest request, LoadListener listener) {
    MemorySnapshot before = probe.read();
    Instant now = timing.clock().instant();
    List<LoadedModel> active =
        runtime.loadedModels().stream().filter(m -> !m.isStoppingAt(now)).toList();
    listener.on(new LoadEvent.MemoryChecked(before, active));
    List<ModelName> named =
        request instanceof UnloadRequest.Named names ? names.models() : List.of();
    List<LoadedModel> victims =
        request instanceof UnloadRequest.All
            ? active
            : active.stream().filter(m -> named.contains(m.name())).toList();
    List<ModelName> notLoaded =
        named.stream()
            .filter(name -> victims.stream().noneMatch(m -> m.name().equals(name)))
            .toList();
    if (victims.isEmpty()) {
      return new UnloadResult(List.of(), List.of(), notLoaded, before, before);
    }
    ByteSize expected = LoadedModel.totalRam(victims).plus(before.available());
    UnloadStep.Outcome outcome = step.run(victims, expected, listener);
    return new UnloadResult(
        outcome.unloaded(), outcome.failed(), notLoaded, before, outcome.memoryAfter());
  }
}
