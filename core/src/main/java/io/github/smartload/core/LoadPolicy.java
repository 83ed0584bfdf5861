package io.github.smartload.core;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * The decision rules of smart loading: which size a model has, when it is large, how much memory it
 * requires with the safety margin, and which resident models to unload to make room.
 */
public record LoadPolicy(
    SizeTable sizeTable,
    ByteSize largeThreshold,
    BigDecimal margin,
    EvictionStrategy eviction,
    Set<ModelName> pinned,
    SizeSource sizeSource,
    PlacementMode placement,
    ByteSize gpuMargin) {

  /** The original's large threshold: models of 5 GB and more are large. */
  public static final ByteSize DEFAULT_THRESHOLD = ByteSize.ofGigabytes("5");

  /** The original's 20% reserve for context buffer, KV cache and temporary tensors. */
  public static final BigDecimal DEFAULT_MARGIN = new BigDecimal("1.20");

  private static final BigDecimal MAX_MARGIN = BigDecimal.TEN;

  /** llama-server's default {@code --fit-target}: the free memory it leaves on each GPU. */
  public static final ByteSize DEFAULT_GPU_MARGIN = ByteSize.ofBytes(1L << 30);

  public LoadPolicy {
    Objects.requireNonNull(sizeTable, "sizeTable");
    Objects.requireNonNull(largeThreshold, "largeThreshold");
    Objects.requireNonNull(margin, "margin");
    Objects.requireNonNull(eviction, "eviction");
    Objects.requireNonNull(sizeSource, "sizeSource");
    pinned = Set.copyOf(pinned);
    checkMargin(margin);
    Objects.requireNonNull(placement, "placement");
    Objects.requireNonNull(gpuMargin, "gpuMargin");
  }

  /** A policy that places models anywhere, keeping llama-server's 1 GiB free on each GPU. */
  public LoadPolicy(
      SizeTable sizeTable,
      ByteSize largeThreshold,
      BigDecimal margin,
      EvictionStrategy eviction,
      Set<ModelName> pinned,
      SizeSource sizeSource) {
    this(
        sizeTable,
        largeThreshold,
        margin,
        eviction,
        pinned,
        sizeSource,
        PlacementMode.ANY,
        DEFAULT_GPU_MARGIN);
  }

  /**
   * Returns {@code factor} if it is a margin the policy accepts, from 1.0 (no reserve) to 10.
   *
   * @throws IllegalArgumentException naming the factor and the range otherwise
   */
  public static BigDecimal checkMargin(BigDecimal factor) {
    if (factor.compareTo(BigDecimal.ONE) < 0 || factor.compareTo(MAX_MARGIN) > 0) {
      throw new IllegalArgumentException(
          "margin " + factor.toPlainString() + " is out of range: use a factor from 1.0 to 10");
    }
    return factor;
  }

  /** The original's policy, with {@code table+runtime} sizes and the {@code all} strategy. */
  public static LoadPolicy defaults() {
    return new LoadPolicy(
        SizeTable.defaults(),
        DEFAULT_THRESHOLD,
        DEFAULT_MARGIN,
        EvictionStrategy.ALL,
        Set.of(),
        SizeSource.TABLE_AND_RUNTIME,
        PlacementMode.ANY,
        DEFAULT_GPU_MARGIN);
  }

  public LoadPolicy withSizeTable(SizeTable table) {
    return new LoadPolicy(
        table, largeThreshold, margin, eviction, pinned, sizeSource, placement, gpuMargin);
  }

  public LoadPolicy withLargeThreshold(ByteSize threshold) {
    return new LoadPolicy(
        sizeTable, threshold, margin, eviction, pinned, sizeSource, placement, gpuMargin);
  }

  public LoadPolicy withMargin(BigDecimal factor) {
    return new LoadPolicy(
        sizeTable, largeThreshold, factor, eviction, pinned, sizeSource, placement, gpuMargin);
  }

  public LoadPolicy withEviction(EvictionStrategy strategy) {
    return new LoadPolicy(
        sizeTable, largeThreshold, margin, strategy, pinned, sizeSource, placement, gpuMargin);
  }

  public LoadPolicy withPinned(Set<ModelName> models) {
    return new LoadPolicy(
        sizeTable, largeThreshold, margin, eviction, models, sizeSource, placement, gpuMargin);
  }

  public LoadPolicy withSizeSource(SizeSource source) {
    return new LoadPolicy(
        sizeTable, largeThreshold, margin, eviction, pinned, source, placement, gpuMargin);
  }

  /** Where a model must fit: anywhere (the default), or wholly on the GPUs. */
  public LoadPolicy withPlacement(PlacementMode mode) {
    return new LoadPolicy(
        sizeTable, largeThreshold, margin, eviction, pinned, sizeSource, mode, gpuMargin);
  }

  /** The free memory a placement leaves on each GPU (llama-server's {@code --fit-target}). */
  public LoadPolicy withGpuMargin(ByteSize perDevice) {
    return new LoadPolicy(
        sizeTable, largeThreshold, margin, eviction, pinned, sizeSource, placement, perDevice);
  }

  /** The memory a model of {@code size} requires: size x margin. */
  public ByteSize required(ByteSize size) {
    return size.times(margin);
  }

  /** Decides with no models held back beyond the pinned ones. */
  public Decision decide(
      ModelName target, ByteSize size, MemorySnapshot memory, List<LoadedModel> loaded) {
    return decide(target, size, memory, loaded, Set.of());
  }

  /** Decides for {@code target} of {@code size} by the margin rule, size x margin. */
  public Decision decide(
      ModelName target,
      ByteSize size,
      MemorySnapshot memory,
      List<LoadedModel> loaded,
      Set<ModelName> keep) {
    return decide(target, Requirement.byMargin(size, margin), memory, loaded, keep);
  }

  /**
   * Decides what to do before loading {@code target}, which requires {@code requirement}. A
   * requirement by footprint is checked against memory whatever the model's size: the small-model
   * shortcut is the margin rule's only.
   *
   * @param loaded the resident models, without those the runtime is already stopping
   * @param keep models that may not be unloaded now beyond the pinned ones (e.g. busy serving)
   */
  public Decision decide(
      ModelName target,
      Requirement requirement,
      MemorySnapshot memory,
      List<LoadedModel> loaded,
      Set<ModelName> keep) {
    MemoryCheck check =
        new MemoryCheck(
            target, requirement.size(), requirement.required(), memory.available(), loaded);
    if (loaded.stream().anyMatch(model -> model.name().equals(target))) {
      return new Decision.AlreadyLoaded(check);
    }
    if (requirement.rule() == Requirement.Rule.MARGIN && isSmall(target, requirement.size())) {
      return new Decision.SmallModel(check, largeThreshold);
    }
    if (check.available().isAtLeast(check.required())) {
      return new Decision.Fits(check);
    }
    List<LoadedModel> unloadable = unloadable(loaded, keep);
    ByteSize deficit = check.required().minusOrZero(check.available());
    if (total(unloadable).isLessThan(deficit)) {
      return new Decision.WontFit(check, unloadable);
    }
    return switch (eviction) {
      case ALL -> new Decision.Unload(check, unloadable);
      case EXPIRING_FIRST -> new Decision.Unload(check, expiringFirst(unloadable, deficit));
    };
  }

  /**
   * Decides per memory pool: {@code placer} places the model on the GPUs of {@code pools}; RAM is
   * checked against the RAM part only, and with {@link PlacementMode#GPU} a model not wholly on the
   * GPUs does not fit. Without a discrete GPU this is exactly the RAM-only decision.
   *
   * @param placer how the model lands on given GPUs: by its layers, or {@link PoolPlacer#whole}
   * @param loaded the resident models, without those the runtime is already stopping
   * @param keep models that may not be unloaded now beyond the pinned ones (e.g. busy serving)
   */
  public Decision decide(
      ModelName target,
      Requirement requirement,
      PoolPlacer placer,
      MemoryPools pools,
      List<LoadedModel> loaded,
      Set<ModelName> keep) {
    if (pools.vramPools().isEmpty()) {
      return decide(target, requirement, pools.ram(), loaded, keep);
    }
    return new PoolDecision(this, placer, pools)
        .decide(target, requirement, loaded, unloadable(loaded, keep));
  }

  /**
   * Decides per memory pool as {@link #decide(ModelName, Requirement, PoolPlacer, MemoryPools,
   * List, Set)}, then adds the models Ollama would unload itself for this load ({@link
   * OllamaEvictions}): they are unloaded first, or, pinned or kept, make it a wont-fit.
   *
   * @param prediction what Ollama predicts the model takes on GPUs
   */
  public Decision decide(
      ModelName target,
      Requirement requirement,
      PoolPlacer placer,
      MemoryPools pools,
      List<LoadedModel> loaded,
      Set<ModelName> keep,
      OllamaPrediction prediction,
      OllamaEvictions ollama) {
    Decision decision = decide(target, requirement, placer, pools, loaded, keep);
    Function<List<LoadedModel>, MemoryCheck> checkAfter =
        pools.vramPools().isEmpty()
            ? unloaded -> decision.check()
            : unloaded ->
                new PoolDecision(this, placer, pools)
                    .checkAfter(target, requirement, loaded, unloaded);
    return ollama.apply(decision, prediction, pools, keep, pinned, checkAfter);
  }

  /**
   * Whether the model fits {@code pools} as they are now: its RAM part in RAM available and, with
   * {@link PlacementMode#GPU}, all its layers on the GPUs. What a load checks again after
   * unloading.
   */
  public boolean fits(PoolPlacer placer, MemoryPools pools) {
    PoolDemand demand = placer.place(pools.gpus(), gpuMargin);
    return pools.ram().available().isAtLeast(demand.ram())
        && (placement == PlacementMode.ANY || pools.vramPools().isEmpty() || demand.whollyOnGpus());
  }

  /** The models that may be unloaded, those whose keep-alive runs out first first. */
  private List<LoadedModel> unloadable(List<LoadedModel> loaded, Set<ModelName> keep) {
    return loaded.stream()
        .filter(model -> !pinned.contains(model.name()) && !keep.contains(model.name()))
        .sorted(Comparator.comparing(LoadedModel::expiresAt))
        .toList();
  }

  /** Whether a model is small: below the threshold, or unknown to the table in table mode. */
  boolean isSmall(ModelName target, ByteSize size) {
    if (sizeSource == SizeSource.TABLE && !sizeTable.contains(target)) {
      return true;
    }
    return size.isLessThan(largeThreshold);
  }

  /**
   * The oldest models until the deficit is covered, then without any that turned out not to be
   * needed (newest first), so that dropping any one of them would leave too little room.
   */
  private static List<LoadedModel> expiringFirst(
      List<LoadedModel> expiringFirst, ByteSize deficit) {
    List<LoadedModel> chosen = new ArrayList<>();
    for (LoadedModel model : expiringFirst) {
      if (total(chosen).isAtLeast(deficit)) {
        break;
      }
      chosen.add(model);
    }
    for (int i = chosen.size() - 1; i >= 0; i--) {
      LoadedModel candidate = chosen.get(i);
      if (total(chosen).minusOrZero(candidate.ram()).isAtLeast(deficit)) {
        chosen.remove(i);
      }
    }
    return chosen;
  }

  private static ByteSize total(List<LoadedModel> models) {
    return LoadedModel.totalRam(models);
  }
}
