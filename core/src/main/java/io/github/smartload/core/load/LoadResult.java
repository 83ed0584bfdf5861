package io.github.smartload.core.load;

import io.github.smartload.core.Decision;
import io.github.smartload.core.LoadedModel;
import io.github.smartload.core.MemorySnapshot;
import io.github.smartload.core.UnloadFailure;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a smart load did: the decision, what it unloaded, what failed to unload, the memory after
 * unloading (when it unloaded) and how it ended.
 */
public record LoadResult(
    Decision decision,
    List<LoadedModel> unloaded,
    List<UnloadFailure> failed,
    Optional<MemorySnapshot> memoryAfter,
    Outcome outcome) {

  /** How a smart load ended. */
  public enum Outcome {
    /** The model was loaded (after unloading what the decision said, if anything). */
    LOADED,
    /** The model was resident already; nothing was done. */
    ALREADY_LOADED,
    /** There is room, and the request asked not to preload. */
    READY,
    /** Strict mode: the model cannot fit even after unloading, so nothing was done. */
    REFUSED,
    /** Unloading failed or the memory did not come back in time; the model was not loaded. */
    NO_ROOM
  }

  public LoadResult {
    Objects.requireNonNull(decision, "decision");
    Objects.requireNonNull(memoryAfter, "memoryAfter");
    Objects.requireNonNull(outcome, "outcome");
    unloaded = List.copyOf(unloaded);
    failed = List.copyOf(failed);
  }

  /** Whether this load sent the model to the runtime. */
  public boolean loaded() {
    return outcome == Outcome.LOADED;
  }
}
