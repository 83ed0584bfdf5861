package io.github.smartload.ollama.proxy;

import io.github.smartload.core.ByteSize;
import io.github.smartload.core.Decision;
import io.github.smartload.core.LoadedModel;
import io.github.smartload.core.ModelName;
import io.github.smartload.core.SmartloadException;
import io.github.smartload.core.load.LoadRequest;
import io.github.smartload.core.load.LoadResult;
import io.github.smartload.core.load.SmartLoader;
import io.github.smartload.core.load.UnloadFailure;
import io.github.smartload.core.port.RuntimeUnreachableException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

/**
 * One turn at deciding, run by the request whose turn it is: smart loads for its model, with the
 * busy models kept, until the request may be forwarded or must be refused. When the model fits only
 * once busy models finish, it waits for them (bounded by the busy timeout) and decides again.
 */
final class Decisions {

  static final Admission.Refuse GONE =
      new Admission.Refuse(499, "smartload: the client gave up", Optional.empty());

  private static final Duration RETRY_AFTER = Duration.ofSeconds(10);

  /** How a turn ended, for the request and everyone who joined it. */
  record Verdict(Optional<Admission.Refuse> refusal, String note) {}

  private final ProxyConfig config;
  private final ResidentModels resident;
  private final InFlight inFlight;
  private final ProxyMetrics metrics;
  private final RecentDecisions recent;
  private final ProxyLog log;
  private final Clock clock;
  private final String upstream;
  private SmartLoader loader;

  Decisions(
      ProxyConfig config,
      ResidentModels resident,
      InFlight inFlight,
      ProxyMetrics metrics,
      RecentDecisions recent,
      ProxyLog log,
      Clock clock) {
    this.config = config;
    this.resident = resident;
    this.inFlight = inFlight;
    this.metrics = metrics;
    this.recent = recent;
    this.log = log;
    this.clock = clock;
    this.upstream = "Ollama at " + config.upstream();
  }

  void use(SmartLoader value) {
    this.loader = value;
  }

  /** Runs smart loads for {@code model} until it may be forwarded or must be refused. */
  Verdict decide(ModelName model, BooleanSupplier gaveUp) throws InterruptedException {
    LoadRequest request = LoadRequest.of(model).withKeepAlive(config.keepAlive());
    Instant busyDeadline = clock.instant().plus(config.busyTimeout());
    while (true) {
      Set<ModelName> busy = inFlight.guard(model);
      LoadResult result;
      try {
        // With busy models kept, "won't fit" may only mean "wait for them": decide strictly first.
        result = loader.load(request.withKeep(busy).withStrict(config.strict() || !busy.isEmpty()));
      } catch (RuntimeUnreachableException e) {
        return refuse(502, "smartload: cannot reach " + upstream + ": " + e.getMessage(), false);
      } catch (SmartloadException e) {
        // Unknown size (not installed), a refusal or nonsense from Ollama, unreadable memory:
        // nothing is unloaded on such grounds; Ollama answers the request itself.
        log.warn("no smart load for " + model + ": " + e.getMessage() + "; forwarding as is");
        return new Verdict(Optional.empty(), "unchecked");
      } finally {
        resident.invalidate(); // before unguarding, so that no stale list admits a request
        inFlight.unguard();
      }
      record(model, result);
      switch (result.outcome()) {
        case LOADED, ALREADY_LOADED, READY -> {
          if (result.decision() instanceof Decision.WontFit wontFit) {
            log.warn(wontFitMessage(model, wontFit) + "; loaded anyway (not --strict)");
          }
          return new Verdict(Optional.empty(), result.decision().kind());
        }
        case NO_ROOM -> {
          return refuse(503, noRoomMessage(model, result), true);
        }
        case REFUSED -> {
          Decision.WontFit wontFit = (Decision.WontFit) result.decision();
          Set<ModelName> inTheWay = busyInTheWay(wontFit, busy);
          if (!inTheWay.isEmpty()) {
            Duration left = Duration.between(clock.instant(), busyDeadline);
            log.info("waiting for " + names(inTheWay) + " to finish before loading " + model);
            if (!left.isNegative() && inFlight.awaitIdle(inTheWay, left, gaveUp)) {
              continue;
            }
            if (gaveUp.getAsBoolean()) {
              return new Verdict(Optional.of(GONE), "gone");
            }
            return refuse(
                503,
                "smartload: "
                    + model
                    + " can only fit once "
                    + names(inTheWay)
                    + " finish, and they are still busy after "
                    + format(config.busyTimeout()),
                true);
          }
          if (config.strict()) {
            return refuse(507, wontFitMessage(model, wontFit), false);
          }
          // Not strict, and even the busy models would not make room: do as the original did.
          log.warn(wontFitMessage(model, wontFit) + "; loading anyway (not --strict)");
          return loadAnyway(model, request.withStrict(false));
        }
        default -> throw new IllegalStateException("unknown outcome " + result.outcome());
      }
    }
  }

  private Verdict loadAnyway(ModelName model, LoadRequest request) {
    Set<ModelName> busy = inFlight.guard(model);
    try {
      LoadResult result = loader.load(request.withKeep(busy));
      record(model, result);
      return new Verdict(Optional.empty(), result.decision().kind());
    } catch (RuntimeUnreachableException e) {
      return refuse(502, "smartload: cannot reach " + upstream + ": " + e.getMessage(), false);
    } catch (SmartloadException e) {
      log.warn("no smart load for " + model + ": " + e.getMessage() + "; forwarding as is");
      return new Verdict(Optional.empty(), "unchecked");
    } finally {
      resident.invalidate();
      inFlight.unguard();
    }
  }

  /** The busy models whose memory, added to what can be freed now, would make room. */
  private Set<ModelName> busyInTheWay(Decision.WontFit wontFit, Set<ModelName> busy) {
    Set<ModelName> pinned = loader.policy().pinned();
    var candidates =
        wontFit.check().loaded().stream()
            .filter(m -> busy.contains(m.name()) && !pinned.contains(m.name()))
            .toList();
    ByteSize freeable =
        candidates.stream()
            .map(LoadedModel::ram)
            .reduce(wontFit.expectedAvailableAfter(), ByteSize::plus);
    if (candidates.isEmpty() || freeable.isLessThan(wontFit.check().required())) {
      return Set.of();
    }
    return candidates.stream().map(LoadedModel::name).collect(Collectors.toUnmodifiableSet());
  }

  private void record(ModelName model, LoadResult result) {
    Decision decision = result.decision();
    metrics.decision(model.toString(), decision.kind());
    result.unloaded().forEach(m -> metrics.unloaded(m.name().toString()));
    result.failed().forEach(f -> metrics.unloadFailed(f.model().toString()));
    recent.add(
        new RecentDecisions.Entry(
            clock.instant(),
            model,
            decision.kind(),
            decision.check().required().bytes(),
            decision.check().available().bytes(),
            result.unloaded().stream().map(m -> m.name().toString()).toList(),
            result.outcome().name().toLowerCase(Locale.ROOT)));
  }

  private Verdict refuse(int status, String message, boolean retry) {
    log.warn(message);
    return new Verdict(
        Optional.of(
            new Admission.Refuse(
                status, message, retry ? Optional.of(RETRY_AFTER) : Optional.empty())),
        "refused");
  }

  static String wontFitMessage(ModelName model, Decision.WontFit wontFit) {
    return "smartload: "
        + model
        + " needs "
        + wontFit.check().required().gigabytes(1)
        + " GB, at most "
        + wontFit.expectedAvailableAfter().gigabytes(1)
        + " GB can be freed";
  }

  private static String noRoomMessage(ModelName model, LoadResult result) {
    String failures =
        result.failed().stream().map(UnloadFailure::reason).collect(Collectors.joining("; "));
    return "smartload: no room for "
        + model
        + ": unloading did not free enough memory"
        + (failures.isEmpty() ? "" : " (" + failures + ")");
  }

  private static String names(Set<ModelName> models) {
    return models.stream().map(ModelName::toString).sorted().collect(Collectors.joining(", "));
  }

  private static String format(Duration duration) {
    return duration.toString().substring(2).toLowerCase(Locale.ROOT);
  }
}
