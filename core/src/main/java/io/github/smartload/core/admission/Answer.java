package io.github.smartload.core.admission;

import io.github.smartload.core.Decision;
import io.github.smartload.core.ModelName;
import io.github.smartload.core.SmartloadException;
import io.github.smartload.core.load.LoadResult;
import java.time.Duration;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.Set;

/**
 * The answer to a request for a model: go (forward it), wait (for busy models; only ever seen by
 * the admission itself and its listener), or refuse, each with what a front needs to say why.
 */
public sealed interface Answer {

  /**
   * Forward the request; {@code ticket} counts it as in flight on its model until closed, and
   * {@code route} says how it was admitted.
   */
  record Go(InFlight.Ticket ticket, Route route) implements Answer {}

  /**
   * The model fits only once these models are no longer in the way: {@code busy} serve requests,
   * {@code young} were loaded less than the minimum residency ago. The decision is taken again when
   * they are.
   */
  record Wait(Set<ModelName> busy, Set<ModelName> young) implements Answer {
    public Wait {
      busy = Set.copyOf(busy);
      young = Set.copyOf(young);
    }

    /** Every model waited for. */
    public Set<ModelName> all() {
      java.util.Set<ModelName> all = new java.util.HashSet<>(busy);
      all.addAll(young);
      return Set.copyOf(all);
    }
  }

  /** Do not forward: {@code reason} says why. */
  record Refuse(Reason reason) implements Answer {}

  /** How a request was let through. */
  sealed interface Route {}

  /** The model was resident: no decision was needed. */
  record Resident() implements Route {}

  /** A load of the same model was under way, and the request waited for it. */
  record Joined() implements Route {}

  /**
   * The smart load ran; {@code result} holds its decision and what it unloaded; {@code fitted} is
   * the context it chose for a request that named none (fit-context), to forward it with.
   */
  record Loaded(LoadResult result, OptionalInt fitted) implements Route {
    public Loaded {
      Objects.requireNonNull(result, "result");
      Objects.requireNonNull(fitted, "fitted");
    }

    public Loaded(LoadResult result) {
      this(result, OptionalInt.empty());
    }
  }

  /**
   * No smart load could run (the model is not installed, its size is known nowhere, the runtime
   * answered nonsense): nothing was unloaded, and the runtime answers the request itself.
   */
  record Unchecked(SmartloadException cause) implements Route {}

  /** Why a request is refused. */
  sealed interface Reason {}

  /** The client gave up while waiting. */
  record ClientGone() implements Reason {}

  /** The runtime cannot be reached; {@code detail} is its error. */
  record Unreachable(String detail) implements Reason {}

  /**
   * The runtime stopped answering while it worked on this request's smart load (the connection
   * closed before an answer: killed, crashed, restarted): whether the load took effect is unknown.
   */
  record Died(String detail) implements Reason {}

  /**
   * The memory probe failed ({@code detail} is its error): a load cannot be judged, so it is not
   * made (unless the front fails open).
   */
  record MemoryUnknown(String detail) implements Reason {}

  /** Unloading did not free enough memory (a refused unload, memory that did not come back). */
  record NoRoom(LoadResult result) implements Reason {}

  /** The models in the way were still busy (or young) when the busy timeout ran out. */
  record StillBusy(Set<ModelName> models, Duration waited) implements Reason {
    public StillBusy {
      models = Set.copyOf(models);
    }
  }

  /** Strict, and the model cannot fit even after unloading everything that may go. */
  record WontFit(Decision.WontFit decision) implements Reason {}
}
