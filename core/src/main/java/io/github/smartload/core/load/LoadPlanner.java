package io.github.smartload.core.load;

import io.github.smartload.core.ByteSize;
import io.github.smartload.core.Decision;
import io.github.smartload.core.GpuDevice;
import io.github.smartload.core.LoadPolicy;
import io.github.smartload.core.LoadedModel;
import io.github.smartload.core.MemoryPools;
import io.github.smartload.core.MemorySnapshot;
import io.github.smartload.core.ModelName;
import io.github.smartload.core.ModelSizeUnknownException;
import io.github.smartload.core.OllamaEvictions;
import io.github.smartload.core.footprint.Estimate;
import io.github.smartload.core.port.GpuProbe;
import io.github.smartload.core.port.GpuProbeException;
import io.github.smartload.core.port.LoadEvent;
import io.github.smartload.core.port.LoadListener;
import io.github.smartload.core.port.MemoryProbe;
import io.github.smartload.core.port.ModelReader;
import io.github.smartload.core.size.Requirements;
import io.github.smartload.core.size.Sizing;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Measures memory and the resident models and decides with the {@link LoadPolicy}, changing
 * nothing: what {@code smartload plan} shows and every load starts with. It only reads the runtime,
 * so a plan can run on given numbers.
 */
public final class LoadPlanner {

  private final MemoryProbe probe;
  private final ModelReader runtime;
  private final LoadPolicy policy;
  private final Requirements requirements;
  private final LoadTiming timing;
  private final RuntimeWatch watch;
  private final GpuProbe gpus;

  /** Decides by size x margin, sizes from {@code sizing}: the seed's rule. */
  public LoadPlanner(
      MemoryProbe probe, ModelReader runtime, LoadPolicy policy, Sizing sizing, LoadTiming timing) {
    this(probe, runtime, policy, Requirements.byMargin(sizing, runtime, policy.margin()), timing);
  }

  /** Decides by what {@code requirements} estimates: the footprint, or the margin. */
  public LoadPlanner(
      MemoryProbe probe,
      ModelReader runtime,
      LoadPolicy policy,
      Requirements requirements,
      LoadTiming timing) {
    this(probe, GpuProbe.NONE, runtime, policy, requirements, timing);
  }

  /**
   * Decides per memory pool: RAM from {@code probe} and the GPUs from {@code gpus}, read together
   * for each decision.
   */
  public LoadPlanner(
      MemoryProbe probe,
      GpuProbe gpus,
      ModelReader runtime,
      LoadPolicy policy,
      Requirements requirements,
      LoadTiming timing) {
    this.gpus = Objects.requireNonNull(gpus, "gpus");
    this.probe = Objects.requireNonNull(probe, "probe");
    this.runtime = Objects.requireNonNull(runtime, "runtime");
    this.policy = Objects.requireNonNull(policy, "policy");
    this.requirements = Objects.requireNonNull(requirements, "requirements");
    this.timing = Objects.requireNonNull(timing, "timing");
    this.watch = new RuntimeWatch(probe, runtime, timing);
  }

  public LoadPolicy policy() {
    return policy;
  }

  /**
   * Measures and decides for {@code request}, telling {@code listener} what it measured and
   * decided. Models the runtime is stopping are awaited first, so that their returning memory is
   * counted instead of unloading others.
   *
   * @throws ModelSizeUnknownException when the model's size is known nowhere
   */
  public Decision plan(LoadRequest request, LoadListener listener) {
    return planned(request, listener).decision();
  }

  /**
   * A decision, and the RAM of the model's own resident copy that leaves as the runtime reloads it
   * at another context (zero otherwise): memory the wait after unloading need not find.
   */
  record Planned(
      Decision decision,
      ByteSize leaving,
      Estimate estimate,
      MemoryPools pools,
      Optional<LoadedModel> reloaded) {}

  Planned planned(LoadRequest request, LoadListener listener) {
    List<LoadedModel> listed = runtime.loadedModels();
    Instant now = timing.clock().instant();
    List<ModelName> stopping =
        listed.stream().filter(m -> m.isStoppingAt(now)).map(LoadedModel::name).toList();
    Optional<Estimate> estimate = Optional.empty();
    MemorySnapshot memory;
    if (stopping.isEmpty()) {
      memory = probe.read();
    } else {
      Instant deadline = watch.deadline();
      List<LoadedModel> leavingModels = listed.stream().filter(m -> m.isStoppingAt(now)).toList();
      listed = watch.awaitGone(stopping, deadline, listener).stillListed();
      estimate = Optional.of(estimate(request));
      memory = watch.awaitMemory(ramToAwait(estimate.get(), leavingModels), deadline);
    }
    Instant checked = timing.clock().instant();
    List<LoadedModel> active = listed.stream().filter(m -> !m.isStoppingAt(checked)).toList();
    Optional<LoadedModel> reloaded = reloadedAtAnotherContext(request, active);
    if (reloaded.isPresent()) {
      // Ollama stops the resident runner and starts one at the new context: its memory comes back.
      active = active.stream().filter(m -> !m.equals(reloaded.get())).toList();
      memory = leaving(memory, reloaded.get());
    }
    listener.on(new LoadEvent.MemoryChecked(memory, active));
    MemoryPools pools = pools(memory, reloaded, listener);
    Estimate target = estimate.orElseGet(() -> estimate(request));
    // With what Ollama would unload itself once asked to load made part of the decision.
    Decision decision =
        policy.decide(
            request.model(),
            target.requirement(),
            target.placer(),
            pools,
            active,
            request.keep(),
            target.ollamaPrediction(),
            new OllamaEvictions(requirements.server().maxLoadedModels()));
    listener.on(new LoadEvent.Decided(decision, Optional.of(target)));
    return new Planned(
        decision, reloaded.map(LoadedModel::ram).orElse(ByteSize.ZERO), target, pools, reloaded);
  }

  /**
   * The RAM the model needs: all of it without GPUs (or when their tool fails), else what its
   * placement leaves in RAM, the VRAM of the models leaving counted as back (as their RAM is).
   */
  private ByteSize ramToAwait(Estimate estimate, List<LoadedModel> leaving) {
    ByteSize whole = estimate.requirement().required();
    if (gpus == GpuProbe.NONE) {
      return whole;
    }
    List<GpuDevice> devices;
    try {
      devices = gpus.devices();
    } catch (GpuProbeException e) {
      return whole; // the decision reports the tool's error; here it only means RAM alone
    }
    List<GpuDevice> freed = MemoryPools.of(probe.read(), devices).withFreed(leaving).gpus();
    return estimate.placer().place(freed, policy.gpuMargin()).ram();
  }

  /**
   * {@code ram} with the GPUs read now, the VRAM of a copy being reloaded counted as free; RAM
   * alone without a GPU probe, or when the GPUs' tool fails (told to {@code listener}, one line).
   */
  MemoryPools pools(MemorySnapshot ram, Optional<LoadedModel> reloaded, LoadListener listener) {
    if (gpus == GpuProbe.NONE) {
      return MemoryPools.ramOnly(ram);
    }
    MemoryPools pools;
    try {
      pools = MemoryPools.of(ram, gpus.devices());
    } catch (GpuProbeException e) {
      listener.on(new LoadEvent.GpusUnreadable(e.getMessage()));
      return MemoryPools.gpuFailed(ram, e.getMessage());
    }
    if (reloaded.isPresent()) {
      // Its RAM is in {@code ram} already; only its VRAM comes back to the GPUs.
      LoadedModel copy = reloaded.get();
      pools =
          pools.withFreed(
              List.of(new LoadedModel(copy.name(), copy.vram(), copy.vram(), copy.expiresAt())));
    }
    listener.on(new LoadEvent.PoolsChecked(pools));
    return pools;
  }

  /**
   * The resident copy of the request's model when the request names a context other than the one it
   * runs at ({@code /api/ps} {@code context_length}); empty when it names none, or the runtime does
   * not tell.
   */
  private Optional<LoadedModel> reloadedAtAnotherContext(
      LoadRequest request, List<LoadedModel> active) {
    if (request.numCtx().isEmpty()) {
      return Optional.empty();
    }
    Optional<LoadedModel> resident =
        active.stream().filter(m -> m.name().equals(request.model())).findFirst();
    if (resident.isEmpty()) {
      return Optional.empty();
    }
    OptionalInt context = runtime.residentContext(request.model());
    return context.isPresent() && context.getAsInt() != request.numCtx().getAsInt()
        ? resident
        : Optional.empty();
  }

  /** {@code memory} with what {@code model} holds in RAM counted as available. */
  private static MemorySnapshot leaving(MemorySnapshot memory, LoadedModel model) {
    ByteSize available = memory.available().plus(model.ram());
    return new MemorySnapshot(
        memory.total(),
        available.isLessThan(memory.total()) ? available : memory.total(),
        memory.swapTotal(),
        memory.swapFree(),
        memory.source(),
        memory.pressure());
  }

  private Estimate estimate(LoadRequest request) {
    return requirements.estimate(request.model(), request.size(), request.numCtx());
  }
}
