package io.github.smartload.core.port;

import io.github.smartload.core.Decision;
import io.github.smartload.core.KeepAlive;
import io.github.smartload.core.LoadedModel;
import io.github.smartload.core.MemoryPools;
import io.github.smartload.core.MemorySnapshot;
import io.github.smartload.core.ModelName;
import io.github.smartload.core.UnloadFailure;
import io.github.smartload.core.footprint.Estimate;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** One step of a smart load, in the order they happen. */
public sealed interface LoadEvent {

  /** Memory was read and the resident models listed (those being stopped left out). */
  record MemoryChecked(MemorySnapshot memory, List<LoadedModel> loaded) implements LoadEvent {
    public MemoryChecked {
      loaded = List.copyOf(loaded);
    }
  }

  /**
   * The GPUs were read beside RAM (sent after {@link MemoryChecked} when a GPU probe is set): every
   * device, and the reading a decision placed the model on.
   */
  record PoolsChecked(MemoryPools pools) implements LoadEvent {
    public PoolsChecked {
      Objects.requireNonNull(pools, "pools");
    }
  }

  /**
   * The GPUs' tool failed ({@code error}, one line): the decision is made against RAM alone, as
   * without a GPU. A warning, never a failed load.
   */
  record GpusUnreadable(String error) implements LoadEvent {
    public GpusUnreadable {
      Objects.requireNonNull(error, "error");
    }
  }

  /** The runtime is still stopping or unloading these models; sent at each poll. */
  record WaitingForUnload(List<ModelName> stillListed, Duration waited) implements LoadEvent {
    public WaitingForUnload {
      stillListed = List.copyOf(stillListed);
    }
  }

  /**
   * The policy decided, on the requirement {@code estimate} gives (by footprint or by margin); an
   * empty estimate is a size x margin requirement reckoned elsewhere.
   */
  record Decided(Decision decision, Optional<Estimate> estimate) implements LoadEvent {
    public Decided {
      Objects.requireNonNull(decision, "decision");
      Objects.requireNonNull(estimate, "estimate");
    }

    public Decided(Decision decision) {
      this(decision, Optional.empty());
    }
  }

  /** The runtime no longer lists this model. */
  record ModelUnloaded(LoadedModel model) implements LoadEvent {}

  /**
   * This model could not be unloaded: the runtime refused, or it was still listed at the deadline.
   */
  record UnloadFailed(ModelName model, UnloadFailure.Cause reason) implements LoadEvent {}

  /** Memory re-read after unloading; {@code recovered} says whether it reached the requirement. */
  record MemoryAfter(MemorySnapshot memory, boolean recovered) implements LoadEvent {}

  /**
   * RAM and the GPUs re-read after unloading (only where the decision placed the model on GPUs);
   * {@code fits} says whether the model now fits them by the policy's placement.
   */
  record PoolsAfter(MemoryPools pools, boolean fits) implements LoadEvent {
    public PoolsAfter {
      Objects.requireNonNull(pools, "pools");
    }
  }

  /** Loading started; large models take a while. */
  record LoadStarted(ModelName model, KeepAlive keepAlive) implements LoadEvent {}

  /** The model is resident. */
  record ModelLoaded(ModelName model, KeepAlive keepAlive, Duration took) implements LoadEvent {}
}
