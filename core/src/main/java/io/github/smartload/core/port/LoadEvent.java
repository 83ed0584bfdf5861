package io.github.smartload.core.port;

import io.github.smartload.core.Decision;
import io.github.smartload.core.KeepAlive;
import io.github.smartload.core.LoadedModel;
import io.github.smartload.core.MemorySnapshot;
import io.github.smartload.core.ModelName;
import io.github.smartload.core.UnloadFailure;
import java.time.Duration;
import java.util.List;

/** One step of a smart load, in the order they happen. */
public sealed interface LoadEvent {

  /** Memory was read and the resident models listed (those being stopped left out). */
  record MemoryChecked(MemorySnapshot memory, List<LoadedModel> loaded) implements LoadEvent {
    public MemoryChecked {
      loaded = List.copyOf(loaded);
    }
  }

  /** The runtime is still stopping or unloading these models; sent at each poll. */
  record WaitingForUnload(List<ModelName> stillListed, Duration waited) implements LoadEvent {
    public WaitingForUnload {
      stillListed = List.copyOf(stillListed);
    }
  }

  /** The policy decided. */
  record Decided(Decision decision) implements LoadEvent {}

  /** The runtime no longer lists this model. */
  record ModelUnloaded(LoadedModel model) implements LoadEvent {}

  /**
   * This model could not be unloaded: the runtime refused, or it was still listed at the deadline.
   */
  record UnloadFailed(ModelName model, UnloadFailure.Cause reason) implements LoadEvent {}

  /** Memory re-read after unloading; {@code recovered} says whether it reached the requirement. */
  record MemoryAfter(MemorySnapshot memory, boolean recovered) implements LoadEvent {}

  /** Loading started; large models take a while. */
  record LoadStarted(ModelName model, KeepAlive keepAlive) implements LoadEvent {}

  /** The model is resident. */
  record ModelLoaded(ModelName model, KeepAlive keepAlive, Duration took) implements LoadEvent {}
}
