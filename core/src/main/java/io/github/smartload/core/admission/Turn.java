package io.github.smartload.core.admission;

import io.github.smartload.core.ByteSize;
import io.github.smartload.core.Decision;
import io.github.smartload.core.LoadedModel;
import io.github.smartload.core.ModelName;
import io.github.smartload.core.SmartloadException;
import io.github.smartload.core.footprint.ContextFit;
import io.github.smartload.core.load.LoadRequest;
import io.github.smartload.core.load.LoadResult;
import io.github.smartload.core.load.Sleeper;
import io.github.smartload.core.load.SmartLoader;
import io.github.smartload.core.port.LoadEvent;
import io.github.smartload.core.port.LoadListener;
import io.github.smartload.core.port.MemoryProbeException;
import io.github.smartload.core.port.RuntimeDiedException;
import io.github.smartload.core.port.RuntimeUnreachableException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

/**
 * One turn at deciding, run by the request whose turn it is: smart loads for its model, with the
 * busy and young models kept, until the request may go or must be refused. When the model fits only
 * once kept models are out of the way, it waits for them (bounded by the busy timeout) and decides
 * again.
 */
final class Turn {

  static final Duration POLL = Duration.ofMillis(50);

  /** How a turn ended, for the request and everyone who joined it. */
  sealed interface Verdict {}

  record Through(Answer.Route route) implements Verdict {}

  record Stopped(Answer.Reason reason) implements Verdict {}

  private final SmartLoader loader;
  private final AdmissionSettings settings;
  private final ResidentModels resident;
  private final InFlight inFlight;
  private final Residency residency;
  private final LoadListener decisionLog;
  private final Clock clock;
  private final Sleeper sleeper;

  Turn(
      SmartLoader loader,
      AdmissionSettings settings,
      ResidentModels resident,
      InFlight inFlight,
      Residency residency,
      LoadListener decisionLog,
      Clock clock,
      Sleeper sleeper) {
    this.loader = loader;
    this.settings = settings;
    this.resident = resident;
    this.inFlight = inFlight;
    this.residency = residency;
    this.decisionLog = decisionLog;
    this.clock = clock;
    this.sleeper = sleeper;
  }

  /**
   * Runs smart loads for {@code model} until it may be forwarded or must be refused, telling {@code
   * listener} what it decided and waited for; {@code numCtx} is the request's own context, the one
   * its requirement is taken at and the model loaded at.
   */
  Verdict decide(
      ModelName model, OptionalInt numCtx, BooleanSupplier gaveUp, AdmissionListener listener) {
    LoadRequest base = LoadRequest.of(model).withKeepAlive(settings.keepAlive());
    OptionalInt fitted = numCtx.isPresent() ? OptionalInt.empty() : fitted(base);
    OptionalInt context = numCtx.isPresent() ? numCtx : fitted;
    LoadRequest request = context.isPresent() ? base.withNumCtx(context.getAsInt()) : base;
    Instant busyDeadline = clock.instant().plus(settings.busyTimeout());
    while (true) {
      Set<ModelName> busy = inFlight.busyBut(model);
      Set<ModelName> young = residency.youngBut(model);
      Set<ModelName> keep = union(busy, young);
      // With models kept, "won't fit" may only mean "wait for them": decide strictly first.
      Verdict failed = null;
      LoadResult result = null;
      try {
        result =
            load(
                model,
                request.withKeep(keep).withStrict(settings.strict() || !keep.isEmpty()),
                listener);
      } catch (SmartloadException e) {
        failed = failed(model, e);
      }
      if (failed != null) {
        return failed;
      }
      switch (result.outcome()) {
        case LOADED, ALREADY_LOADED, READY -> {
          return new Through(new Answer.Loaded(result, fitted));
        }
        case NO_ROOM -> {
          return new Stopped(new Answer.NoRoom(result));
        }
        case REFUSED -> {
          Decision.WontFit wontFit = (Decision.WontFit) result.decision();
          Answer.Wait wait = inTheWay(wontFit, busy, young);
          if (!wait.all().isEmpty()) {
            listener.on(new AdmissionEvent.Waiting(model, wait));
            if (awaitOutOfTheWay(model, wait, busyDeadline, gaveUp)) {
              continue;
            }
            if (gaveUp.getAsBoolean()) {
              return new Stopped(new Answer.ClientGone());
            }
            return new Stopped(new Answer.StillBusy(wait.all(), settings.busyTimeout()));
          }
          if (settings.strict()) {
            return new Stopped(new Answer.WontFit(wontFit));
          }
          // Not strict, and even the kept models would not make room: do as the original did.
          return loadAnyway(model, request, listener);
        }
        default -> throw new IllegalStateException("unknown outcome " + result.outcome());
      }
    }
  }

  /**
   * With fit-context on, the largest context (not below the minimum) at which a model whose default
   * context does not fit the memory available now fits it without unloading anything, by smartload
   * or by Ollama itself; empty when the default fits, when none fits (Ollama's runner cap unloads a
   * resident at any context), or when the plan cannot be made (the load then says why).
   */
  private OptionalInt fitted(LoadRequest request) {
    if (settings.fitContext().isEmpty()) {
      return OptionalInt.empty();
    }
    try {
      Decision atDefault = loader.plan(request, LoadListener.NONE);
      if (!(atDefault instanceof Decision.Unload) && !(atDefault instanceof Decision.WontFit)) {
        return OptionalInt.empty();
      }
      ContextFit fit = loader.largestContext(request.model(), atDefault.check().available());
      return fit instanceof ContextFit.Fits fits
              && fits.contextPerSequence() >= settings.fitContext().getAsInt()
          ? OptionalInt.of(fits.contextPerSequence())
          : OptionalInt.empty();
    } catch (SmartloadException e) {
      return OptionalInt.empty();
    }
  }

  private Verdict loadAnyway(ModelName model, LoadRequest request, AdmissionListener listener) {
    Set<ModelName> keep = union(inFlight.busyBut(model), residency.youngBut(model));
    try {
      return new Through(
          new Answer.Loaded(load(model, request.withKeep(keep).withStrict(false), listener)));
    } catch (SmartloadException e) {
      return failed(model, e);
    }
  }

  /** The verdict when a smart load could not run to its end. */
  private Verdict failed(ModelName model, SmartloadException e) {
    if (e instanceof RuntimeUnreachableException) {
      // Dead or restarting: whatever was resident or young may be gone; read it all again.
      residency.forgetAll();
      resident.invalidate();
      return new Stopped(
          e instanceof RuntimeDiedException
              ? new Answer.Died(e.getMessage())
              : new Answer.Unreachable(e.getMessage()));
    }
    if (e instanceof MemoryProbeException && !settings.failOpen()) {
      // Memory that cannot be read is not "fits": a resident model is served, nothing is loaded.
      return resident.contains(model)
          ? new Through(new Answer.Resident())
          : new Stopped(new Answer.MemoryUnknown(e.getMessage()));
    }
    // Not installed, size unknown, nonsense from the runtime (or unreadable memory, failing open):
    // nothing is unloaded on such grounds; the runtime answers the request itself.
    return new Through(new Answer.Unchecked(e));
  }

  /** One smart load with {@code request.keep()} guarded, told to the listeners. */
  private LoadResult load(ModelName model, LoadRequest request, AdmissionListener listener) {
    inFlight.guard(request.keep());
    // Strict only because models are kept: its "won't fit" turns into a wait or a load anyway,
    // each decided and logged again, so it is not logged as what happened.
    boolean probing = request.strict() && !settings.strict();
    LoadListener log = probing ? new HeldLog(decisionLog) : decisionLog;
    LoadResult result;
    Decision[] decided = new Decision[1];
    try {
      result =
          loader.load(
              request,
              event -> {
                if (event instanceof LoadEvent.Decided d) {
                  decided[0] = d.decision();
                }
                follow(event, log);
              });
    } catch (RuntimeDiedException e) {
      // The runtime died under this load: the front records it as the decision's outcome.
      listener.on(
          new AdmissionEvent.Failed(
              model, java.util.Optional.ofNullable(decided[0]), new Answer.Died(e.getMessage())));
      throw e;
    } finally {
      resident.invalidate(); // before unguarding, so that no stale list admits a request
      inFlight.unguard();
    }
    result.unloaded().forEach(m -> residency.left(m.name()));
    if (result.outcome() == LoadResult.Outcome.LOADED) {
      residency.loaded(model);
    }
    listener.on(new AdmissionEvent.Decided(model, result));
    return result;
  }

  /** Follows the loader: once a decision has unloaded what it will, lift the guard. */
  private void follow(LoadEvent event, LoadListener log) {
    if (event instanceof LoadEvent.Decided decided && decided.decision().toUnload().isEmpty()) {
      inFlight.unguard();
    } else if (event instanceof LoadEvent.LoadStarted) {
      // Models were unloaded: the cached list must not admit them as resident once unguarded.
      resident.invalidate();
      inFlight.unguard();
    }
    log.on(event);
  }

  /**
   * The kept models whose memory, added to what can be freed now, would make room: busy ones that
   * must finish, young ones that must age. Empty when even they would not.
   */
  private Answer.Wait inTheWay(
      Decision.WontFit wontFit, Set<ModelName> busy, Set<ModelName> young) {
    Set<ModelName> pinned = loader.policy().pinned();
    List<ModelName> ollamaWould =
        wontFit.check().ollamaEvictions().stream().map(e -> e.model().name()).toList();
    if (!ollamaWould.isEmpty()) {
      // Ollama would unload a kept model itself: wait until it may go, unless one is pinned.
      return ollamaWould.stream().anyMatch(pinned::contains)
          ? new Answer.Wait(Set.of(), Set.of())
          : new Answer.Wait(
              ollamaWould.stream().filter(busy::contains).collect(Collectors.toUnmodifiableSet()),
              ollamaWould.stream()
                  .filter(m -> young.contains(m) && !busy.contains(m))
                  .collect(Collectors.toUnmodifiableSet()));
    }
    List<LoadedModel> candidates =
        wontFit.check().loaded().stream()
            .filter(m -> union(busy, young).contains(m.name()) && !pinned.contains(m.name()))
            .toList();
    ByteSize freeable = LoadedModel.totalRam(candidates).plus(wontFit.expectedAvailableAfter());
    if (candidates.isEmpty() || freeable.isLessThan(wontFit.check().required())) {
      return new Answer.Wait(Set.of(), Set.of());
    }
    Set<ModelName> names =
        candidates.stream().map(LoadedModel::name).collect(Collectors.toUnmodifiableSet());
    return new Answer.Wait(
        names.stream().filter(busy::contains).collect(Collectors.toUnmodifiableSet()),
        names.stream()
            .filter(m -> young.contains(m) && !busy.contains(m))
            .collect(Collectors.toUnmodifiableSet()));
  }

  /**
   * Waits until none of the models in the way serves a request or is young, holding back new
   * requests for them meanwhile; false at the deadline or when the client gives up.
   */
  private boolean awaitOutOfTheWay(
      ModelName model, Answer.Wait wait, Instant deadline, BooleanSupplier gaveUp) {
    Set<ModelName> all = wait.all();
    inFlight.hold(all);
    try {
      while (inFlight.anyBusy(all) || residency.youngBut(model).stream().anyMatch(all::contains)) {
        if (!clock.instant().isBefore(deadline) || gaveUp.getAsBoolean()) {
          return false;
        }
        sleeper.sleep(POLL);
      }
      return true;
    } finally {
      inFlight.release(all);
    }
  }

  private static Set<ModelName> union(Set<ModelName> a, Set<ModelName> b) {
    Set<ModelName> all = new HashSet<>(a);
    all.addAll(b);
    return Set.copyOf(all);
  }
}
