package io.github.smartload.core.load;

import io.github.smartload.core.ByteSize;
import io.github.smartload.core.Decision;
import io.github.smartload.core.LoadPolicy;
import io.github.smartload.core.LoadedModel;
import io.github.smartload.core.MemorySnapshot;
import io.github.smartload.core.ModelName;
import io.github.smartload.core.ModelNotInstalledException;
import io.github.smartload.core.ModelSizeUnknownException;
import io.github.smartload.core.SizeSource;
import io.github.smartload.core.port.LoadEvent;
import io.github.smartload.core.port.LoadListener;
import io.github.smartload.core.port.MemoryProbe;
import io.github.smartload.core.port.ModelRuntime;
import io.github.smartload.core.port.ModelRuntimeException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The smart load: measure memory and the resident models, decide with the {@link LoadPolicy},
 * unload what the decision names, wait until the runtime lists them no more and the memory is back,
 * then load with a keep-alive. Every step goes to the {@link LoadListener}.
 *
 * <p>Not synchronized: callers that load from several threads serialize the calls themselves.
 */
public final class SmartLoader {

  /** Long enough for a generation still running on the model being unloaded to finish. */
  public static final Duration DEFAULT_UNLOAD_DEADLINE = Duration.ofSeconds(120);

  public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofMillis(250);

  /**
   * Memory that has not risen for this long after an unload came back as far as it will: the kernel
   * frees a large runner's pages over a second or so after the runtime stops listing it.
   */
  static final Duration MEMORY_SETTLE_TIME = Duration.ofSeconds(2);

  private final MemoryProbe probe;
  private final ModelRuntime runtime;
  private final LoadPolicy policy;
  private final LoadListener listener;
  private final Clock clock;
  private final Sleeper sleeper;
  private final Duration unloadDeadline;
  private final Duration pollInterval;
  private final InstalledModels installed;

  private SmartLoader(Builder builder) {
    this.probe = builder.probe;
    this.runtime = builder.runtime;
    this.policy = builder.policy;
    this.listener = builder.listener;
    this.clock = builder.clock;
    this.sleeper = builder.sleeper;
    this.unloadDeadline = builder.unloadDeadline;
    this.pollInterval = builder.pollInterval;
    this.installed = new InstalledModels(runtime);
  }

  public static Builder builder(MemoryProbe probe, ModelRuntime runtime) {
    return new Builder(probe, runtime);
  }

  public LoadPolicy policy() {
    return policy;
  }

  /** Measures and decides for {@code request} without unloading or loading anything. */
  public Decision plan(LoadRequest request) {
    return measureAndDecide(request, listener);
  }

  /** The original's {@code smart_model_load(model)}: load with the default request. */
  public LoadResult load(ModelName model) {
    return load(LoadRequest.of(model));
  }

  /**
   * Runs the smart load for {@code request}.
   *
   * @throws ModelRuntimeException when the runtime cannot be reached or answers nonsense
   * @throws io.github.smartload.core.port.MemoryProbeException when memory cannot be read
   * @throws ModelSizeUnknownException when the model's size is known nowhere
   * @throws ModelNotInstalledException when the runtime does not have the model: nothing is
   *     unloaded
   */
  public LoadResult load(LoadRequest request) {
    return load(request, listener);
  }

  /** Runs the smart load for {@code request}, telling {@code events} every step (see above). */
  public LoadResult load(LoadRequest request, LoadListener events) {
    if (!installed.contains(request.model())) {
      throw new ModelNotInstalledException(request.model());
    }
    Decision decision = measureAndDecide(request, events);
    if (decision instanceof Decision.AlreadyLoaded) {
      return new LoadResult(
          decision, List.of(), List.of(), Optional.empty(), LoadResult.Outcome.ALREADY_LOADED);
    }
    if (decision instanceof Decision.WontFit && request.strict()) {
      return new LoadResult(
          decision, List.of(), List.of(), Optional.empty(), LoadResult.Outcome.REFUSED);
    }
    if (decision.toUnload().isEmpty()) {
      return finish(request, decision, List.of(), List.of(), Optional.empty(), events);
    }
    Unloading unloading = unloadAndWait(decision.toUnload(), decision.check().required(), events);
    boolean room = unloading.memoryAfter.available().isAtLeast(decision.check().required());
    // A failed unload, or memory that did not come back: loading now would go into swap.
    if (!room && !(decision instanceof Decision.WontFit)) {
      return new LoadResult(
          decision,
          unloading.unloaded,
          unloading.failed,
          Optional.of(unloading.memoryAfter),
          LoadResult.Outcome.NO_ROOM);
    }
    return finish(
        request,
        decision,
        unloading.unloaded,
        unloading.failed,
        Optional.of(unloading.memoryAfter),
        events);
  }

  /**
   * Unloads the named models (all resident models when {@code models} is empty) and waits until the
   * runtime lists them no more and the memory has come back. Pinned models are unloaded too when
   * named: the operator asked for them by name.
   */
  public UnloadResult unload(List<ModelName> models) {
    MemorySnapshot before = probe.read();
    Instant now = clock.instant();
    List<LoadedModel> active =
        runtime.loadedModels().stream().filter(m -> !m.isStoppingAt(now)).toList();
    listener.on(new LoadEvent.MemoryChecked(before, active));
    List<LoadedModel> victims =
        models.isEmpty() ? active : active.stream().filter(m -> models.contains(m.name())).toList();
    List<ModelName> notLoaded =
        models.stream()
            .filter(name -> victims.stream().noneMatch(m -> m.name().equals(name)))
            .toList();
    if (victims.isEmpty()) {
      return new UnloadResult(List.of(), List.of(), notLoaded, before, before);
    }
    ByteSize expected =
        victims.stream().map(LoadedModel::ram).reduce(before.available(), ByteSize::plus);
    Unloading unloading = unloadAndWait(victims, expected, listener);
    return new UnloadResult(
        unloading.unloaded, unloading.failed, notLoaded, before, unloading.memoryAfter);
  }

  private Decision measureAndDecide(LoadRequest request, LoadListener listener) {
    List<LoadedModel> listed = runtime.loadedModels();
    Instant now = clock.instant();
    List<ModelName> stopping =
        listed.stream().filter(m -> m.isStoppingAt(now)).map(LoadedModel::name).toList();
    Optional<ByteSize> size = request.size();
    MemorySnapshot memory;
    if (stopping.isEmpty()) {
      memory = probe.read();
    } else {
      // Their memory is on its way back: wait for it rather than unload others for nothing.
      Instant deadline = now.plus(unloadDeadline);
      listed = awaitGone(stopping, deadline, listener).stillListed;
      size = Optional.of(size.orElseGet(() -> sizeOf(request.model())));
      memory = awaitMemory(policy.required(size.get()), deadline);
    }
    Instant checked = clock.instant();
    List<LoadedModel> active = listed.stream().filter(m -> !m.isStoppingAt(checked)).toList();
    listener.on(new LoadEvent.MemoryChecked(memory, active));
    ByteSize target = size.orElseGet(() -> sizeOf(request.model()));
    Decision decision = policy.decide(request.model(), target, memory, active, request.keep());
    listener.on(new LoadEvent.Decided(decision));
    return decision;
  }

  private ByteSize sizeOf(ModelName model) {
    Optional<ByteSize> known = policy.sizeTable().sizeOf(model);
    if (known.isPresent()) {
      return known.get();
    }
    Optional<ByteSize> reported = runtime.sizeOf(model);
    if (reported.isPresent()) {
      return reported.get();
    }
    if (policy.sizeSource() == SizeSource.TABLE) {
      return ByteSize.ZERO; // the original's rule: not in the table means small
    }
    throw new ModelSizeUnknownException(model, runtime.describe());
  }

  private Unloading unloadAndWait(
      List<LoadedModel> victims, ByteSize required, LoadListener listener) {
    Instant deadline = clock.instant().plus(unloadDeadline);
    List<UnloadFailure> failed = new ArrayList<>();
    Map<ModelName, LoadedModel> requested = new LinkedHashMap<>();
    for (LoadedModel victim : victims) {
      try {
        runtime.unload(victim.name());
        requested.put(victim.name(), victim);
      } catch (ModelRuntimeException e) {
        fail(failed, victim.name(), e.getMessage(), listener);
      }
    }
    List<ModelName> pending;
    String reason = runtime.describe() + " still lists it after " + format(unloadDeadline);
    try {
      pending = awaitGone(List.copyOf(requested.keySet()), deadline, listener).pending;
    } catch (ModelRuntimeException e) {
      // The unloads were sent: report what became of them rather than lose that in a throw.
      pending = List.copyOf(requested.keySet());
      reason = e.getMessage();
    }
    List<LoadedModel> unloaded = new ArrayList<>();
    for (LoadedModel victim : requested.values()) {
      if (pending.contains(victim.name())) {
        fail(failed, victim.name(), reason, listener);
      } else {
        unloaded.add(victim);
        listener.on(new LoadEvent.ModelUnloaded(victim));
      }
    }
    MemorySnapshot after = awaitMemory(required, deadline);
    listener.on(new LoadEvent.MemoryAfter(after, after.available().isAtLeast(required)));
    return new Unloading(unloaded, failed, after);
  }

  private static void fail(
      List<UnloadFailure> failed, ModelName model, String reason, LoadListener listener) {
    failed.add(new UnloadFailure(model, reason));
    listener.on(new LoadEvent.UnloadFailed(model, reason));
  }

  /** Polls the runtime until it lists none of {@code models}, or the deadline passes. */
  private Waiting awaitGone(List<ModelName> models, Instant deadline, LoadListener listener) {
    Instant start = clock.instant();
    List<ModelName> pending = new ArrayList<>(models);
    while (true) {
      List<LoadedModel> listed = runtime.loadedModels();
      List<ModelName> listedNames = listed.stream().map(LoadedModel::name).toList();
      pending.removeIf(model -> !listedNames.contains(model));
      if (pending.isEmpty() || !clock.instant().isBefore(deadline)) {
        return new Waiting(listed, pending);
      }
      listener.on(
          new LoadEvent.WaitingForUnload(pending, Duration.between(start, clock.instant())));
      sleeper.sleep(pollInterval);
    }
  }

  /**
   * Re-reads memory until it covers {@code required}, has not risen for {@link #MEMORY_SETTLE_TIME}
   * (it came back as far as it will), or the deadline passes: freeing is asynchronous, and a
   * reading or two may come before the kernel has the pages back.
   */
  private MemorySnapshot awaitMemory(ByteSize required, Instant deadline) {
    MemorySnapshot memory = probe.read();
    ByteSize highest = memory.available();
    Instant lastRise = clock.instant();
    while (!memory.available().isAtLeast(required)
        && clock.instant().isBefore(deadline)
        && Duration.between(lastRise, clock.instant()).compareTo(MEMORY_SETTLE_TIME) < 0) {
      sleeper.sleep(pollInterval);
      memory = probe.read();
      if (memory.available().compareTo(highest) > 0) {
        highest = memory.available();
        lastRise = clock.instant();
      }
    }
    return memory;
  }

  private LoadResult finish(
      LoadRequest request,
      Decision decision,
      List<LoadedModel> unloaded,
      List<UnloadFailure> failed,
      Optional<MemorySnapshot> memoryAfter,
      LoadListener listener) {
    if (!request.preload()) {
      return new LoadResult(decision, unloaded, failed, memoryAfter, LoadResult.Outcome.READY);
    }
    listener.on(new LoadEvent.LoadStarted(request.model(), request.keepAlive()));
    Instant start = clock.instant();
    runtime.load(request.model(), request.keepAlive());
    listener.on(
        new LoadEvent.ModelLoaded(
            request.model(), request.keepAlive(), Duration.between(start, clock.instant())));
    return new LoadResult(decision, unloaded, failed, memoryAfter, LoadResult.Outcome.LOADED);
  }

  private static String format(Duration duration) {
    return duration.toString().substring(2).toLowerCase(java.util.Locale.ROOT);
  }

  private record Unloading(
      List<LoadedModel> unloaded, List<UnloadFailure> failed, MemorySnapshot memoryAfter) {}

  private record Waiting(List<LoadedModel> stillListed, List<ModelName> pending) {}

  /** Builds a {@link SmartLoader}; everything but the probe and the runtime has a default. */
  public static final class Builder {
    private final MemoryProbe probe;
    private final ModelRuntime runtime;
    private LoadPolicy policy = LoadPolicy.defaults();
    private LoadListener listener = LoadListener.NONE;
    private Clock clock = Clock.systemUTC();
    private Sleeper sleeper = Sleeper.THREAD;
    private Duration unloadDeadline = DEFAULT_UNLOAD_DEADLINE;
    private Duration pollInterval = DEFAULT_POLL_INTERVAL;

    private Builder(MemoryProbe probe, ModelRuntime runtime) {
      this.probe = Objects.requireNonNull(probe, "probe");
      this.runtime = Objects.requireNonNull(runtime, "runtime");
    }

    public Builder policy(LoadPolicy value) {
      this.policy = Objects.requireNonNull(value, "policy");
      return this;
    }

    public Builder listener(LoadListener value) {
      this.listener = Objects.requireNonNull(value, "listener");
      return this;
    }

    /** The clock and the sleeper together: tests pass a fake pair so that waiting is instant. */
    public Builder time(Clock clockValue, Sleeper sleeperValue) {
      this.clock = Objects.requireNonNull(clockValue, "clock");
      this.sleeper = Objects.requireNonNull(sleeperValue, "sleeper");
      return this;
    }

    /** How long to wait for unloaded models to leave the runtime and their memory to return. */
    public Builder unloadDeadline(Duration value) {
      if (value.isNegative() || value.isZero()) {
        throw new IllegalArgumentException("the unload deadline must be positive: " + value);
      }
      this.unloadDeadline = value;
      return this;
    }

    public Builder pollInterval(Duration value) {
      if (value.isNegative() || value.isZero()) {
        throw new IllegalArgumentException("the poll interval must be positive: " + value);
      }
      this.pollInterval = value;
      return this;
    }

    public SmartLoader build() {
      return new SmartLoader(this);
    }
  }
}
