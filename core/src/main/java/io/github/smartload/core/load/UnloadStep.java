package io.github.smartload.core.load;

import io.github.smartload.core.ByteSize;
import io.github.smartload.core.LoadedModel;
import io.github.smartload.core.MemorySnapshot;
import io.github.smartload.core.ModelName;
import io.github.smartload.core.UnloadFailure;
import io.github.smartload.core.port.LoadEvent;
import io.github.smartload.core.port.LoadListener;
import io.github.smartload.core.port.ModelRuntime;
import io.github.smartload.core.port.ModelRuntimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Unloads models and waits until the runtime lists them no more and the memory is back (RAM, then
 * the VRAM the models held): the step a load and an explicit unload share.
 */
final class UnloadStep {

  /** What became of the unloads, and the memory read last. */
  record Outcome(
      List<LoadedModel> unloaded, List<UnloadFailure> failed, MemorySnapshot memoryAfter) {}

  private final ModelRuntime runtime;
  private final RuntimeWatch watch;
  private final Duration unloadDeadline;

  UnloadStep(ModelRuntime runtime, RuntimeWatch watch, Duration unloadDeadline) {
    this.runtime = runtime;
    this.watch = watch;
    this.unloadDeadline = unloadDeadline;
  }

  /** Unloads {@code victims}, then waits for them to leave and memory to reach {@code required}. */
  Outcome run(List<LoadedModel> victims, ByteSize required, LoadListener listener) {
    Instant deadline = watch.deadline();
    // Read before the unloads are sent, so the wait knows what the GPUs had free without them.
    Optional<ByteSize> vramBefore =
        LoadedModel.totalVram(victims).equals(ByteSize.ZERO) ? Optional.empty() : watch.freeVram();
    List<UnloadFailure> failed = new ArrayList<>();
    Map<ModelName, LoadedModel> requested = new LinkedHashMap<>();
    for (LoadedModel victim : victims) {
      try {
        runtime.unload(victim.name());
        requested.put(victim.name(), victim);
      } catch (ModelRuntimeException e) {
        fail(failed, victim.name(), new UnloadFailure.RuntimeError(e.getMessage()), listener);
      }
    }
    List<ModelName> pending;
    UnloadFailure.Cause reason = new UnloadFailure.StillListed(runtime.describe(), unloadDeadline);
    try {
      pending = watch.awaitGone(List.copyOf(requested.keySet()), deadline, listener).pending();
    } catch (ModelRuntimeException e) {
      // The unloads were sent: report what became of them rather than lose that in a throw.
      pending = List.copyOf(requested.keySet());
      reason = new UnloadFailure.RuntimeError(e.getMessage());
    }
    List<LoadedModel> unloaded = new ArrayList<>();
    for (LoadedModel victim : requested.values()) {
      if (pending.contains(victim.name())) {
        fail(failed, victim.name(), reason, listener);
      } else {
        unloaded.add(victim);
        listener.on(new LoadEvent.ModelUnloaded(victim));
      }
    }
    MemorySnapshot after = watch.awaitMemory(required, deadline);
    listener.on(new LoadEvent.MemoryAfter(after, after.available().isAtLeast(required)));
    ByteSize vramFreed = LoadedModel.totalVram(unloaded);
    if (vramBefore.isPresent() && !vramFreed.equals(ByteSize.ZERO)) {
      watch.awaitVram(vramBefore.get().plus(vramFreed), deadline);
    }
    return new Outcome(unloaded, failed, after);
  }

  private static void fail(
      List<UnloadFailure> failed,
      ModelName model,
      UnloadFailure.Cause reason,
      LoadListener listener) {
    failed.add(new UnloadFailure(model, reason));
    listener.on(new LoadEvent.UnloadFailed(model, reason));
  }
}
