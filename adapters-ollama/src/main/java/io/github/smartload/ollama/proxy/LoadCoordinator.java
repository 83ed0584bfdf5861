package io.github.smartload.ollama.proxy;

import io.github.smartload.core.ModelName;
import io.github.smartload.core.load.SmartLoader;
import io.github.smartload.core.port.LoadEvent;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

/**
 * Admits model-bearing requests: a resident model goes straight through; any other waits its turn
 * (decisions are serialized, in arrival order, so two large models never both "fit" on the same
 * free memory), joins a load of the same model already under way, and never has a busy model
 * unloaded from under it.
 */
final class LoadCoordinator {

  private static final long POLL_MILLIS = 50;

  private final ResidentModels resident;
  private final InFlight inFlight;
  private final ProxyMetrics metrics;
  private final Clock clock;
  private final Decisions decisions;
  private final ReentrantLock turn = new ReentrantLock(true);
  private final Map<ModelName, PendingLoad> pending = new HashMap<>();

  /** A load under way or queued, and how many requests joined it besides its leader. */
  private static final class PendingLoad {
    final CompletableFuture<Decisions.Verdict> verdict = new CompletableFuture<>();
    int joined;
  }

  LoadCoordinator(
      ProxyConfig config,
      ResidentModels resident,
      InFlight inFlight,
      ProxyMetrics metrics,
      RecentDecisions recent,
      ProxyLog log,
      Clock clock) {
    this.resident = resident;
    this.inFlight = inFlight;
    this.metrics = metrics;
    this.clock = clock;
    this.decisions = new Decisions(config, resident, inFlight, metrics, recent, log, clock);
  }

  /** The loader, built by the application around {@link #onEvent}; set once before serving. */
  void use(SmartLoader value) {
    decisions.use(value);
  }

  /** The loads queued or under way, with how many requests wait on each. */
  Map<String, Integer> queued() {
    Map<String, Integer> out = new java.util.TreeMap<>();
    synchronized (pending) {
      pending.forEach((model, load) -> out.put(model.toString(), load.joined + 1));
    }
    return out;
  }

  /** Follows the loader: once a decision has unloaded what it will, lift the guard. */
  void onEvent(LoadEvent event) {
    if (event instanceof LoadEvent.Decided decided && decided.decision().toUnload().isEmpty()) {
      inFlight.unguard();
    } else if (event instanceof LoadEvent.LoadStarted) {
      // Models were unloaded: the cached list must not admit them as resident once unguarded.
      resident.invalidate();
      inFlight.unguard();
    }
  }

  /**
   * {@code model} is leaving (a client asked Ollama to unload it): no longer admit it as resident.
   */
  void leaving(ModelName model) {
    resident.invalidate();
  }

  /**
   * Admits a request for {@code model}, waiting as long as its load takes; {@code gaveUp} tells
   * when the client has gone, so that it leaves the queue.
   */
  Admission admit(ModelName model, BooleanSupplier gaveUp) throws InterruptedException {
    Optional<InFlight.Ticket> fast = inFlight.tryEnter(model);
    if (fast.isPresent()) {
      if (resident.contains(model)) {
        return new Admission.Forward(fast.get(), "resident");
      }
      fast.get().close();
    }
    PendingLoad load;
    boolean leader;
    synchronized (pending) {
      load = pending.get(model);
      leader = load == null;
      if (leader) {
        load = new PendingLoad();
        pending.put(model, load);
      } else {
        load.joined++;
      }
    }
    return leader ? lead(model, load, gaveUp) : join(model, load, gaveUp);
  }

  private Admission join(ModelName model, PendingLoad load, BooleanSupplier gaveUp)
      throws InterruptedException {
    while (true) {
      try {
        Decisions.Verdict verdict = load.verdict.get(POLL_MILLIS, TimeUnit.MILLISECONDS);
        return admission(model, verdict, "joined a load");
      } catch (TimeoutException e) {
        if (gaveUp.getAsBoolean()) {
          synchronized (pending) {
            if (!load.verdict.isDone()) {
              load.joined--;
              return gone();
            }
          }
        }
      } catch (ExecutionException e) {
        throw new IllegalStateException(
            "the load of " + model + " failed: " + e.getCause(), e.getCause());
      }
    }
  }

  private Admission lead(ModelName model, PendingLoad load, BooleanSupplier gaveUp)
      throws InterruptedException {
    Instant queued = clock.instant();
    while (!turn.tryLock(POLL_MILLIS, TimeUnit.MILLISECONDS)) {
      if (gaveUp.getAsBoolean()) {
        synchronized (pending) {
          if (load.joined == 0) {
            pending.remove(model);
            return gone();
          }
        }
        // Others joined this load: keep the place in the queue for them.
      }
    }
    try {
      metrics.waitedForLock(Duration.between(queued, clock.instant()));
      Decisions.Verdict verdict;
      try {
        // Give up a wait for busy models only when nobody else is waiting on this load either.
        verdict = decisions.decide(model, () -> gaveUp.getAsBoolean() && nobodyJoined(load));
      } catch (Throwable e) {
        // Those who joined must not wait for ever, nor later requests join a load that is over.
        synchronized (pending) {
          pending.remove(model);
          load.verdict.completeExceptionally(e);
        }
        throw e;
      }
      synchronized (pending) {
        pending.remove(model);
        if (verdict.refusal().isEmpty()) {
          // Counted before the next decision may start, so it cannot unload this model.
          inFlight.enter(model, load.joined + 1);
        }
        load.verdict.complete(verdict);
      }
      return admission(model, verdict, verdict.note());
    } finally {
      turn.unlock();
    }
  }

  private boolean nobodyJoined(PendingLoad load) {
    synchronized (pending) {
      return load.joined == 0;
    }
  }

  private Admission admission(ModelName model, Decisions.Verdict verdict, String note) {
    if (verdict.refusal().isPresent()) {
      return verdict.refusal().get();
    }
    return new Admission.Forward(inFlight.counted(model), note);
  }

  private static Admission gone() {
    return Decisions.GONE;
  }
}
