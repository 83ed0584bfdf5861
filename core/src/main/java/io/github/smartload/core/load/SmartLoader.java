package io.github.smartload.core.load;

import io.github.smartload.core.ByteSize;
import io.github.smartload.core.Decision;
import io.github.smartload.core.LoadPolicy;
import io.github.smartload.core.LoadedModel;
import io.github.smartload.core.MemoryPools;
import io.github.smartload.core.MemorySnapshot;
import io.github.smartload.core.ModelName;
import io.github.smartload.core.ModelNotInstalledException;
import io.github.smartload.core.ModelSizeUnknownException;
import io.github.smartload.core.OllamaEvictions;
import io.github.smartload.core.UnloadFailure;
import io.github.smartload.core.footprint.ContextFit;
import io.github.smartload.core.footprint.ServerSettings;
import io.github.smartload.core.port.GpuProbe;
import io.github.smartload.core.port.LoadEvent;
import io.github.smartload.core.port.LoadListener;
import io.github.smartload.core.port.MemoryProbe;
import io.github.smartload.core.port.ModelRuntime;
import io.github.smartload.core.port.ModelRuntimeException;
import io.github.smartload.core.size.EstimateMode;
import io.github.smartload.core.size.Requirements;
import io.github.smartload.core.size.Sizing;
import io.github.smartload.core.size.TableThenRuntime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The smart load: check that the runtime has the model, plan (measure memory and the resident
 * models, decide with the {@link LoadPolicy}), unload what the decision names, wait until the
 * runtime lists them no more and the memory is back, then load with a keep-alive. Every step goes
 * to the listener passed with the call.
 *
 * <p>Not synchronized: callers that load from several threads serialize the calls themselves (the
 * admission does).
 */
public final class SmartLoader {

  /** Long enough for a generation still running on the model being unloaded to finish. */
  public static final Duration DEFAULT_UNLOAD_DEADLINE = LoadTiming.DEFAULT_UNLOAD_DEADLINE;

  private final ModelRuntime runtime;
  private final LoadPlanner planner;
  private final Requirements requirements;
  private final UnloadStep unloading;
  private final InstalledModels installed;
  private final LoadTiming timing;

  private SmartLoader(Builder builder) {
    this.runtime = builder.runtime;
    this.timing = builder.timing;
    Sizing sizing =
        builder.sizing != null
            ? builder.sizing
            : new TableThenRuntime(
                builder.policy.sizeTable(), builder.policy.sizeSource(), builder.runtime);
    Requirements requirements =
        builder.requirements != null
            ? builder.requirements
            // The best estimate the runtime allows: the footprint where it tells facts.
            : new Requirements(
                sizing,
                runtime,
                builder.policy.margin(),
                EstimateMode.AUTO,
                ServerSettings.defaults());
    this.requirements = requirements;
    this.planner =
        new LoadPlanner(builder.probe, builder.gpus, runtime, builder.policy, requirements, timing);
    this.unloading =
        new UnloadStep(
            runtime,
            new RuntimeWatch(builder.probe, builder.gpus, runtime, timing),
            timing.unloadDeadline());
    this.installed = new InstalledModels(runtime);
  }

  public static Builder builder(MemoryProbe probe, ModelRuntime runtime) {
    return new Builder(probe, runtime);
  }

  public LoadPolicy policy() {
    return planner.policy();
  }

  /**
   * The largest context per sequence (a multiple of 256) at which {@code model}'s requirement fits
   * {@code budget} of RAM, by the requirements this loader decides with; where there are discrete
   * GPUs (read now), at which its RAM part fits the budget, with placement gpu it is wholly on the
   * GPUs, and Ollama's 80% rule lets it load beside the models resident now. None fits when
   * Ollama's runner cap would unload one of them at any context.
   */
  public ContextFit largestContext(ModelName model, ByteSize budget) {
    MemoryPools pools =
        planner.pools(MemorySnapshot.given(budget), Optional.empty(), LoadListener.NONE);
    Instant now = timing.clock().instant();
    // Those Ollama counts and may unload itself; a stopping one is leaving anyway.
    List<LoadedModel> residents =
        runtime.loadedModels().stream()
            .filter(m -> !m.isStoppingAt(now) && !m.name().equals(model))
            .toList();
    boolean capReached =
        residents.size()
            >= new OllamaEvictions(requirements.server().maxLoadedModels()).maxLoaded(pools);
    if (pools.vramPools().isEmpty() && !capReached) {
      return requirements.largestContext(model, Optional.empty(), budget);
    }
    // With GPUs: the largest context placed as the policy places (any: no swapping; gpu: wholly
    // on the GPUs), RAM taking {@code budget} at most, that Ollama loads without unloading a
    // resident itself.
    return requirements.largestContext(model, Optional.empty(), planner.policy(), pools, residents);
  }

  /** Measures and decides for {@code request} without unloading or loading anything. */
  public Decision plan(LoadRequest request, LoadListener listener) {
    return planner.plan(request, listener);
  }

  /**
   * Runs the smart load for {@code request}, telling {@code listener} every step.
   *
   * @throws ModelRuntimeException when the runtime cannot be reached or answers nonsense
   * @throws io.github.smartload.core.port.MemoryProbeException when memory cannot be read
   * @throws ModelSizeUnknownException when the model's size is known nowhere
   * @throws ModelNotInstalledException when the runtime does not have the model: nothing is
   *     unloaded
   */
  public LoadResult load(LoadRequest request, LoadListener listener) {
    if (!installed.contains(request.model())) {
      throw new ModelNotInstalledException(request.model());
    }
    LoadPlanner.Planned planned = planner.planned(request, listener);
    Decision decision = planned.decision();
    if (decision instanceof Decision.AlreadyLoaded) {
      return new LoadResult(
          decision, List.of(), List.of(), Optional.empty(), LoadResult.Outcome.ALREADY_LOADED);
    }
    if (decision instanceof Decision.WontFit && request.strict()) {
      return new LoadResult(
          decision, List.of(), List.of(), Optional.empty(), LoadResult.Outcome.REFUSED);
    }
    if (decision.toUnload().isEmpty()) {
      return finish(request, decision, List.of(), List.of(), Optional.empty(), listener);
    }
    // A copy of the model reloaded at another context gives its memory back only as it reloads.
    ByteSize needed = decision.check().required().minusOrZero(planned.leaving());
    UnloadStep.Outcome unloaded = unloading.run(decision.toUnload(), needed, listener);
    boolean room = unloaded.memoryAfter().available().isAtLeast(needed);
    if (!planned.pools().vramPools().isEmpty()) {
      room = fitsAfter(planned, unloaded.memoryAfter(), listener).orElse(room);
    }
    // A failed unload, or memory that did not come back: loading now would go into swap.
    if (!room && !(decision instanceof Decision.WontFit)) {
      return new LoadResult(
          decision,
          unloaded.unloaded(),
          unloaded.failed(),
          Optional.of(unloaded.memoryAfter()),
          LoadResult.Outcome.NO_ROOM);
    }
    return finish(
        request,
        decision,
        unloaded.unloaded(),
        unloaded.failed(),
        Optional.of(unloaded.memoryAfter()),
        listener);
  }

  /**
   * Whether the model fits RAM and the GPUs read again after unloading (the VRAM was awaited by the
   * unload); empty when the GPUs' tool failed, so that RAM alone decides, as without a GPU.
   */
  private Optional<Boolean> fitsAfter(
      LoadPlanner.Planned planned, MemorySnapshot ramAfter, LoadListener listener) {
    MemoryPools after = planner.pools(ramAfter, Optional.empty(), LoadListener.NONE);
    if (after.gpuError().isPresent()) {
      listener.on(new LoadEvent.GpusUnreadable(after.gpuError().get()));
      return Optional.empty();
    }
    // A copy reloaded at another context gives its memory back only as it reloads.
    after = after.withFreed(planned.reloaded().stream().toList());
    boolean fits = planner.policy().fits(planned.estimate().placer(), after);
    listener.on(new LoadEvent.PoolsAfter(after, fits));
    return Optional.of(fits);
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
    Instant start = timing.clock().instant();
    runtime.load(request.model(), request.keepAlive(), request.numCtx());
    listener.on(
        new LoadEvent.ModelLoaded(
            request.model(),
            request.keepAlive(),
            Duration.between(start, timing.clock().instant())));
    return new LoadResult(decision, unloaded, failed, memoryAfter, LoadResult.Outcome.LOADED);
  }

  /** Builds a {@link SmartLoader}; everything but the probe and the runtime has a default. */
  public static final class Builder {
    private final MemoryProbe probe;
    private final ModelRuntime runtime;
    private LoadPolicy policy = LoadPolicy.defaults();
    private Sizing sizing;
    private Requirements requirements;
    private LoadTiming timing = LoadTiming.defaults();
    private GpuProbe gpus = GpuProbe.NONE;

    private Builder(MemoryProbe probe, ModelRuntime runtime) {
      this.probe = Objects.requireNonNull(probe, "probe");
      this.runtime = Objects.requireNonNull(runtime, "runtime");
    }

    public Builder policy(LoadPolicy value) {
      this.policy = Objects.requireNonNull(value, "policy");
      return this;
    }

    /** How big models are; by default the policy's size table, then the runtime's figure. */
    public Builder sizing(Sizing value) {
      this.sizing = Objects.requireNonNull(value, "sizing");
      return this;
    }

    /**
     * How requirements are estimated; by default {@link EstimateMode#AUTO} with {@link
     * ServerSettings#defaults()}: the footprint where the runtime tells a model's facts, else size
     * x the policy's margin, sizes by sizing. {@link Requirements#byMargin} is the seed's rule.
     */
    public Builder requirements(Requirements value) {
      this.requirements = Objects.requireNonNull(value, "requirements");
      return this;
    }

    /** The clock and the sleeper together: tests pass a fake pair so that waiting is instant. */
    public Builder time(Clock clockValue, Sleeper sleeperValue) {
      this.timing = timing.withTime(clockValue, sleeperValue);
      return this;
    }

    /** How long to wait for unloaded models to leave the runtime and their memory to return. */
    public Builder unloadDeadline(Duration value) {
      this.timing = timing.withUnloadDeadline(value);
      return this;
    }

    /** The GPUs whose VRAM an unload waits for; none unless set. */
    public Builder gpus(GpuProbe value) {
      this.gpus = Objects.requireNonNull(value, "gpus");
      return this;
    }

    public Builder pollInterval(Duration value) {
      this.timing = timing.withPoll(value);
      return this;
    }

    public SmartLoader build() {
      return new SmartLoader(this);
    }

    /** The explicit unload over the same probe, runtime and timing. */
    public SmartUnloader buildUnloader() {
      return new SmartUnloader(probe, gpus, runtime, timing);
    }
  }
}
