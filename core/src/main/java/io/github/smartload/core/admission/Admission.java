package io.github.smartload.core.admission;

import io.github.smartload.core.ModelName;
import io.github.smartload.core.ModelNotInstalledException;
import io.github.smartload.core.load.Sleeper;
import io.github.smartload.core.load.SmartLoader;
import io.github.smartload.core.port.LoadListener;
import io.github.smartload.core.port.ModelRuntime;
import io.github.smartload.core.port.ModelRuntimeException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

/**
 * The use case of every front that serves models to concurrent clients (the Ollama proxy, and any
 * other): admits a request for a model. A resident model goes straight through; any other waits its
 * turn (decisions are serialized, in arrival order, so two large models never both "fit" on the
 * same free memory), joins a load of the same model already under way, and never has a busy model
 * unloaded from under it, nor one loaded less than the minimum residency ago.
 *
 * <p>Called from the front's request threads; it blocks them while they wait, and creates none.
 */
public final class Admission {

  private static final Duration RESIDENT_MAX_AGE = Duration.ofSeconds(1);
  private static final long POLL_MILLIS = Turn.POLL.toMillis();

  private final ModelRuntime runtime;
  private final ResidentModels resident;
  private final ListedModels listed;
  private final InFlight inFlight = new InFlight();
  private final Residency residency;
  private final Clock clock;
  private final Turn decisions;
  private final ReentrantLock turn = new ReentrantLock(true);
  private final Map<LoadKey, PendingLoad> pending = new HashMap<>();

  /** A load is joined by requests for the same model at the same context. */
  private record LoadKey(ModelName model, OptionalInt numCtx) {}

  /** A load under way or queued, and how many requests joined it besides its leader. */
  private static final class PendingLoad {
    final CompletableFuture<Turn.Verdict> verdict = new CompletableFuture<>();
    int joined;
  }

  /**
   * @param runtime read for the resident models (at most once a second on the fast path)
   * @param decisionLog receives every step of each smart load, as {@code smartload load} shows them
   */
  public Admission(
      SmartLoader loader,
      ModelRuntime runtime,
      AdmissionSettings settings,
      Clock clock,
      Sleeper sleeper,
      LoadListener decisionLog) {
    Objects.requireNonNull(loader, "loader");
    Objects.requireNonNull(settings, "settings");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.runtime = Objects.requireNonNull(runtime, "runtime");
    this.resident = new ResidentModels(runtime, clock, RESIDENT_MAX_AGE);
    this.listed = new ListedModels(runtime, clock, RESIDENT_MAX_AGE);
    this.residency = new Residency(clock, settings.minResidency());
    this.decisions =
        new Turn(
            loader,
            settings,
            resident,
            inFlight,
            residency,
            Objects.requireNonNull(decisionLog, "decisionLog"),
            clock,
            Objects.requireNonNull(sleeper, "sleeper"));
  }

  /** Requests in flight per model, sorted by name. */
  public Map<String, Integer> inFlight() {
    return inFlight.snapshot();
  }

  /** The loads queued or under way, with how many requests wait on each. */
  public Map<String, Integer> queued() {
    Map<String, Integer> out = new TreeMap<>();
    synchronized (pending) {
      pending.forEach(
          (key, load) -> out.merge(key.model().toString(), load.joined + 1, Integer::sum));
    }
    return out;
  }

  /**
   * The front lost the runtime (a connection refused or cut, an answer cut short): it may have died
   * and restarted with nothing resident, so what was known of resident and young models is dropped,
   * and read again from the runtime's list before the next request is admitted.
   */
  public void runtimeLost() {
    residency.forgetAll();
    resident.invalidate();
  }

  /**
   * {@code model} is leaving (a client asked the runtime to unload it): it is no longer admitted as
   * resident, nor kept as young.
   */
  public void leaving(ModelName model) {
    residency.left(model);
    resident.invalidate();
  }

  /**
   * Admits a request for {@code model}, waiting as long as its load takes; {@code gaveUp} tells
   * when the client has gone, so that it leaves the queue. {@code listener} hears what a load this
   * request leads decides and waits for (for the front's log, metrics and status).
   *
   * @return {@link Answer.Go} or {@link Answer.Refuse}
   */
  public Answer admit(ModelName model, BooleanSupplier gaveUp, AdmissionListener listener)
      throws InterruptedException {
    return admit(model, OptionalInt.empty(), gaveUp, listener);
  }

  /**
   * As {@link #admit(ModelName, BooleanSupplier, AdmissionListener)}, for a request that names its
   * context ({@code options.num_ctx}): the model's requirement is taken at {@code numCtx}, and a
   * load loads it there. Only requests at the same context join one load.
   */
  public Answer admit(
      ModelName model, OptionalInt numCtx, BooleanSupplier gaveUp, AdmissionListener listener)
      throws InterruptedException {
    Optional<InFlight.Ticket> fast = inFlight.tryEnter(model);
    if (fast.isPresent()) {
      if (resident.contains(model) && runsAt(model, numCtx)) {
        return new Answer.Go(fast.get(), new Answer.Resident());
      }
      fast.get().close();
    }
    if (notListed(model)) {
      // Nothing to load: the runtime answers it with its own error. No turn, no lock, no record.
      return new Answer.Go(
          inFlight.enter(model, 1), new Answer.Unchecked(new ModelNotInstalledException(model)));
    }
    LoadKey key = new LoadKey(model, numCtx);
    PendingLoad load;
    boolean leader;
    synchronized (pending) {
      load = pending.get(key);
      leader = load == null;
      if (leader) {
        load = new PendingLoad();
        pending.put(key, load);
      } else {
        load.joined++;
      }
    }
    return leader ? lead(key, load, gaveUp, listener) : join(model, load, gaveUp);
  }

  /**
   * Whether resident {@code model} serves a request at {@code numCtx} as it runs: the request names
   * no context, or the one the runtime tells it runs at (or tells none). At another context the
   * runtime reloads it: that is a load, decided in a turn.
   */
  private boolean runsAt(ModelName model, OptionalInt numCtx) {
    if (numCtx.isEmpty()) {
      return true;
    }
    try {
      OptionalInt running = runtime.residentContext(model);
      return running.isEmpty() || running.getAsInt() == numCtx.getAsInt();
    } catch (ModelRuntimeException e) {
      return false; // the turn reads the runtime again and says what went wrong
    }
  }

  /**
   * Whether the runtime's list of installed models, read at most once a second for names it does
   * not hold, lacks {@code model}; false when the list cannot be read (the turn will say why).
   */
  private boolean notListed(ModelName model) {
    try {
      return !listed.contains(model);
    } catch (ModelRuntimeException e) {
      return false;
    }
  }

  /**
   * Whether the runtime lists {@code model} as installed, asking it at most once a second for names
   * it did not list (so a front may call this for every request, to name a metrics series, say);
   * false when it cannot be asked and never was.
   */
  public boolean listed(ModelName model) {
    try {
      return listed.contains(model);
    } catch (ModelRuntimeException e) {
      return false;
    }
  }

  private Answer join(ModelName model, PendingLoad load, BooleanSupplier gaveUp)
      throws InterruptedException {
    while (true) {
      try {
        Turn.Verdict verdict = load.verdict.get(POLL_MILLIS, TimeUnit.MILLISECONDS);
        return answer(model, verdict, new Answer.Joined());
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

  private Answer lead(
      LoadKey key, PendingLoad load, BooleanSupplier gaveUp, AdmissionListener listener)
      throws InterruptedException {
    ModelName model = key.model();
    Instant queued = clock.instant();
    while (!turn.tryLock(POLL_MILLIS, TimeUnit.MILLISECONDS)) {
      if (gaveUp.getAsBoolean()) {
        synchronized (pending) {
          if (load.joined == 0) {
            pending.remove(key);
            return gone();
          }
        }
        // Others joined this load: keep the place in the queue for them.
      }
    }
    try {
      listener.on(new AdmissionEvent.TurnTaken(model, Duration.between(queued, clock.instant())));
      Turn.Verdict verdict;
      try {
        // Give up a wait for busy models only when nobody else is waiting on this load either.
        verdict =
            decisions.decide(
                model, key.numCtx(), () -> gaveUp.getAsBoolean() && nobodyJoined(load), listener);
      } catch (RuntimeException | Error e) {
        // Those who joined must not wait for ever, nor later requests join a load that is over.
        synchronized (pending) {
          pending.remove(key);
          load.verdict.completeExceptionally(e);
        }
        throw e;
      }
      synchronized (pending) {
        pending.remove(key);
        if (verdict instanceof Turn.Through) {
          // Counted before the next decision may start, so it cannot unload this model.
          inFlight.enter(model, load.joined + 1);
        }
        load.verdict.complete(verdict);
      }
      return answer(model, verdict, null);
    } finally {
      turn.unlock();
    }
  }

  private boolean nobodyJoined(PendingLoad load) {
    synchronized (pending) {
      return load.joined == 0;
    }
  }

  /** The answer to one request of a turn; those who joined are admitted as {@code joined}. */
  private Answer answer(ModelName model, Turn.Verdict verdict, Answer.Route joined) {
    if (verdict instanceof Turn.Stopped stopped) {
      return new Answer.Refuse(stopped.reason());
    }
    Answer.Route route = ((Turn.Through) verdict).route();
    return new Answer.Go(inFlight.counted(model), joined != null ? joined : route);
  }

  private static Answer gone() {
    return new Answer.Refuse(new Answer.ClientGone());
  }
}
