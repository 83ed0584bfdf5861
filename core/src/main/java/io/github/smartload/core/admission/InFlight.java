package io.github.smartload.core.admission;

import io.github.smartload.core.ModelName;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Counts the requests each model is serving right now, so that a decision never unloads a busy
 * model, and holds back new requests for models a load waits for.
 *
 * <p>It also holds the decision's <em>guard</em>: while a decision may unload, only models that
 * were kept when it started may be admitted without queueing; any other model might be the one
 * being unloaded.
 */
public final class InFlight {

  private final Map<ModelName, Integer> counts = new HashMap<>();
  private Set<ModelName> guardKeeps;
  private final Map<ModelName, Integer> held = new HashMap<>();

  /** A request counted on a model; closing it (once) ends the count. */
  public final class Ticket implements AutoCloseable {
    private final ModelName model;
    private final AtomicBoolean closed = new AtomicBoolean();

    private Ticket(ModelName model) {
      this.model = model;
    }

    public ModelName model() {
      return model;
    }

    @Override
    public void close() {
      if (closed.compareAndSet(false, true)) {
        release(model, 1);
      }
    }
  }

  /**
   * Counts a request on {@code model} if it may skip the queue now: no decision is unloading, or
   * the model was kept when it started, and no load is waiting for the model to finish.
   */
  synchronized Optional<Ticket> tryEnter(ModelName model) {
    boolean guarded = guardKeeps != null && !guardKeeps.contains(model);
    if (guarded || held.containsKey(model)) {
      return Optional.empty();
    }
    return Optional.of(countIn(model, 1));
  }

  /** Counts {@code requests} on {@code model} at once (a load's leader and those who joined it). */
  synchronized Ticket enter(ModelName model, int requests) {
    return countIn(model, requests);
  }

  /** A ticket for a request already counted by {@link #enter(ModelName, int)}. */
  Ticket counted(ModelName model) {
    return new Ticket(model);
  }

  private Ticket countIn(ModelName model, int requests) {
    counts.merge(model, requests, Integer::sum);
    return new Ticket(model);
  }

  private synchronized void release(ModelName model, int requests) {
    counts.computeIfPresent(model, (m, n) -> n - requests > 0 ? n - requests : null);
  }

  /** The models serving a request now, but {@code target}. */
  synchronized Set<ModelName> busyBut(ModelName target) {
    Set<ModelName> busy = new HashSet<>(counts.keySet());
    busy.remove(target);
    return Set.copyOf(busy);
  }

  /** Starts a decision that may unload anything but {@code keep}. */
  synchronized void guard(Set<ModelName> keep) {
    guardKeeps = Set.copyOf(keep);
  }

  /** The decision has unloaded what it will; every resident model may skip the queue again. */
  synchronized void unguard() {
    guardKeeps = null;
  }

  /** Holds back new requests for {@code models} until {@link #release(Set)}: a load waits. */
  synchronized void hold(Set<ModelName> models) {
    models.forEach(model -> held.merge(model, 1, Integer::sum));
  }

  synchronized void release(Set<ModelName> models) {
    models.forEach(model -> held.computeIfPresent(model, (m, n) -> n > 1 ? n - 1 : null));
  }

  /** Whether any of {@code models} is serving a request. */
  synchronized boolean anyBusy(Set<ModelName> models) {
    return models.stream().anyMatch(counts::containsKey);
  }

  /** Requests in flight per model, sorted by name. */
  public synchronized Map<String, Integer> snapshot() {
    Map<String, Integer> out = new TreeMap<>();
    counts.forEach((model, n) -> out.put(model.toString(), n));
    return out;
  }
}
