package io.github.smartload.ollama.proxy;

import io.github.smartload.core.ModelName;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

/**
 * Counts the requests each model is serving right now, so that a decision never unloads a busy
 * model, and lets a load wait until the models in its way are idle.
 *
 * <p>It also holds the decision's <em>guard</em>: while a decision may unload, only models that
 * were busy when it started (and so are kept) may be admitted without queueing; any other model
 * might be the one being unloaded.
 */
final class InFlight {

  private static final long POLL_MILLIS = 50;

  private final Map<ModelName, Integer> counts = new HashMap<>();
  private Set<ModelName> guardKeeps;
  private final Set<ModelName> draining = new HashSet<>();

  /** A request counted on a model; closing it (once) ends the count. */
  final class Ticket implements AutoCloseable {
    private final ModelName model;
    private final AtomicBoolean closed = new AtomicBoolean();

    private Ticket(ModelName model) {
      this.model = model;
    }

    ModelName model() {
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
   * the model was busy when it started, and the model is not being drained for a waiting load.
   */
  synchronized Optional<Ticket> tryEnter(ModelName model) {
    boolean guarded = guardKeeps != null && !guardKeeps.contains(model);
    if (guarded || draining.contains(model)) {
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

  synchronized void release(ModelName model, int requests) {
    counts.computeIfPresent(model, (m, n) -> n - requests > 0 ? n - requests : null);
    notifyAll();
  }

  /** Starts a decision that may unload: returns the busy models, which it must keep. */
  synchronized Set<ModelName> guard(ModelName target) {
    Set<ModelName> busy = new HashSet<>(counts.keySet());
    busy.remove(target);
    guardKeeps = Set.copyOf(busy);
    return guardKeeps;
  }

  /** The decision has unloaded what it will; every resident model may skip the queue again. */
  synchronized void unguard() {
    guardKeeps = null;
    notifyAll();
  }

  /**
   * Waits until none of {@code models} is serving a request, holding back new requests for them
   * meanwhile, for at most {@code timeout}; stops early when {@code gaveUp} says so.
   *
   * @return whether they became idle
   */
  synchronized boolean awaitIdle(Set<ModelName> models, Duration timeout, BooleanSupplier gaveUp)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    draining.addAll(models);
    try {
      while (models.stream().anyMatch(counts::containsKey)) {
        long left = deadline - System.nanoTime();
        if (left <= 0 || gaveUp.getAsBoolean()) {
          return false;
        }
        wait(Math.max(1, Math.min(POLL_MILLIS, left / 1_000_000)));
      }
      return true;
    } finally {
      draining.removeAll(models);
      notifyAll();
    }
  }

  /** Requests in flight per model, sorted by name. */
  synchronized Map<String, Integer> snapshot() {
    Map<String, Integer> out = new TreeMap<>();
    counts.forEach((model, n) -> out.put(model.toString(), n));
    return out;
  }
}
