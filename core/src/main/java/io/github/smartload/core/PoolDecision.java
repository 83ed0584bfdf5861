package io.github.smartload.core;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The decision where there are discrete GPUs: a set of models to unload is judged by placing the
 * model again with the memory they hold given back (RAM to RAM, VRAM to the GPUs), not by a byte
 * deficit, since unloading a model that holds VRAM moves layers from RAM to the GPU.
 */
final class PoolDecision {

  private final LoadPolicy policy;
  private final PoolPlacer placer;
  private final MemoryPools pools;

  PoolDecision(LoadPolicy policy, PoolPlacer placer, MemoryPools pools) {
    this.policy = policy;
    this.placer = placer;
    this.pools = pools;
  }

  /** The placement with {@code unloaded} gone, and which pools it leaves short. */
  private record Fit(PoolDemand demand, MemoryPools freed, boolean ramShort, boolean gpuShort) {
    boolean fits() {
      return !ramShort && !gpuShort;
    }
  }

  Decision decide(
      ModelName target,
      Requirement requirement,
      List<LoadedModel> loaded,
      List<LoadedModel> unloadable) {
    Fit now = fit(List.of());
    if (loaded.stream().anyMatch(model -> model.name().equals(target))) {
      return new Decision.AlreadyLoaded(check(target, requirement, loaded, now));
    }
    if (requirement.rule() == Requirement.Rule.MARGIN
        && policy.isSmall(target, requirement.size())) {
      return new Decision.SmallModel(
          check(target, requirement, loaded, now), policy.largeThreshold());
    }
    if (now.fits()) {
      return new Decision.Fits(check(target, requirement, loaded, now));
    }
    // Only models holding memory in a pool that is short can help; if they are not enough, all.
    List<LoadedModel> candidates =
        unloadable.stream()
            .filter(
                model ->
                    now.ramShort() && model.ram().bytes() > 0
                        || now.gpuShort() && model.vram().bytes() > 0)
            .toList();
    Fit withCandidates = fit(candidates);
    if (!withCandidates.fits()) {
      Fit withAll = fit(unloadable);
      if (!withAll.fits()) {
        return new Decision.WontFit(check(target, requirement, loaded, withAll), unloadable);
      }
      candidates = unloadable;
      withCandidates = withAll;
    }
    return switch (policy.eviction()) {
      case ALL ->
          new Decision.Unload(check(target, requirement, loaded, withCandidates), candidates);
      case EXPIRING_FIRST -> {
        List<LoadedModel> chosen = expiringFirst(candidates);
        yield new Decision.Unload(check(target, requirement, loaded, fit(chosen)), chosen);
      }
    };
  }

  /**
   * The oldest candidates until the model fits, then without any that turned out not to be needed
   * (newest first), so that keeping any one of them would leave it not fitting.
   */
  private List<LoadedModel> expiringFirst(List<LoadedModel> expiringFirst) {
    List<LoadedModel> chosen = new ArrayList<>();
    for (LoadedModel model : expiringFirst) {
      if (fit(chosen).fits()) {
        break;
      }
      chosen.add(model);
    }
    for (int i = chosen.size() - 1; i >= 0 && chosen.size() > 1; i--) {
      List<LoadedModel> without = new ArrayList<>(chosen);
      without.remove(i);
      if (fit(without).fits()) {
        chosen = without;
      }
    }
    return chosen;
  }

  /** The check of a decision that unloads {@code unloaded}: each pool placed without them. */
  MemoryCheck checkAfter(
      ModelName target,
      Requirement requirement,
      List<LoadedModel> loaded,
      List<LoadedModel> unloaded) {
    return check(target, requirement, loaded, fit(unloaded));
  }

  private Fit fit(List<LoadedModel> unloaded) {
    MemoryPools freed = pools.withFreed(unloaded);
    PoolDemand demand = placer.place(freed.gpus(), policy.gpuMargin());
    boolean ramShort = freed.ram().available().isLessThan(demand.ram());
    boolean gpuShort = policy.placement() == PlacementMode.GPU && !demand.whollyOnGpus();
    return new Fit(demand, freed, ramShort, gpuShort);
  }

  /**
   * The RAM figures as the RAM-only check has them (required: the RAM part), and one line per pool:
   * RAM, then every discrete GPU with what it has free now and after the unloads, what the
   * placement puts on it, and what it lacks before and after them.
   */
  private MemoryCheck check(
      ModelName target, Requirement requirement, List<LoadedModel> loaded, Fit fit) {
    PoolDemand demand = fit.demand();
    Fit before = fit(List.of());
    List<PoolUse> lines = new ArrayList<>();
    lines.add(
        new PoolUse(
            "RAM",
            pools.ram().available(),
            demand.ram(),
            demand.ramLayers(),
            demand.layers(),
            ramShortBy(fit),
            OptionalInt.empty(),
            demand.split(),
            fit.freed().ram().available(),
            ramShortBy(before)));
    for (GpuDevice gpu : pools.vramPools()) {
      ByteSize freeAfter =
          fit.freed().vramPools().stream()
              .filter(freed -> freed.index() == gpu.index())
              .map(GpuDevice::free)
              .findFirst()
              .orElse(gpu.free());
      Optional<GpuUse> use =
          demand.gpus().stream().filter(u -> u.device().index() == gpu.index()).findFirst();
      lines.add(
          new PoolUse(
              gpu.toString(),
              gpu.free(),
              use.map(GpuUse::bytes).orElse(ByteSize.ZERO),
              use.map(GpuUse::layers).orElse(0),
              demand.layers(),
              gpuShortBy(fit, gpu),
              OptionalInt.of(gpu.index()),
              demand.split(),
              freeAfter,
              gpuShortBy(before, gpu)));
    }
    return new MemoryCheck(
        target, requirement.size(), demand.ram(), pools.ram().available(), loaded, lines);
  }

  private static ByteSize ramShortBy(Fit fit) {
    return fit.ramShort()
        ? fit.demand().ram().minusOrZero(fit.freed().ram().available())
        : ByteSize.ZERO;
  }

  /**
   * What the GPUs lack to hold the model wholly, named on the one with the most free memory: by
   * layers, the layers left in RAM; placed whole by its size, the model less the room that GPU has
   * within its margin (not the whole size: a GPU 0.3 GB short is not 16.8 GB short).
   */
  private ByteSize gpuShortBy(Fit fit, GpuDevice gpu) {
    Optional<GpuDevice> roomiest =
        fit.freed().vramPools().stream().max(Comparator.comparing(GpuDevice::free));
    if (!fit.gpuShort() || roomiest.filter(r -> r.index() == gpu.index()).isEmpty()) {
      return ByteSize.ZERO;
    }
    if (fit.demand().split() == PlacementSplit.WHOLE) {
      ByteSize room = roomiest.get().free().minusOrZero(policy.gpuMargin());
      return fit.demand().spilled().minusOrZero(room);
    }
    return fit.demand().spilled();
  }
}
