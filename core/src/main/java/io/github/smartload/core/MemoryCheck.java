package io.github.smartload.core;

import java.util.List;
import java.util.Objects;

/**
 * The numbers every decision is explained with: the model and its size, the RAM it requires (with
 * GPUs: the RAM part of its placement), the RAM available, what the resident models hold and, where
 * there are discrete GPUs, one line per pool (RAM first, then each GPU).
 *
 * @param pools empty without a discrete GPU: then {@code required} is the whole requirement
 * @param ollamaEvictions the models Ollama would unload itself for this load, in its order
 */
public record MemoryCheck(
    ModelName target,
    ByteSize size,
    ByteSize required,
    ByteSize available,
    List<LoadedModel> loaded,
    List<PoolUse> pools,
    List<OllamaEviction> ollamaEvictions) {

  public MemoryCheck {
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(size, "size");
    Objects.requireNonNull(required, "required");
    Objects.requireNonNull(available, "available");
    loaded = List.copyOf(loaded);
    pools = List.copyOf(pools);
    ollamaEvictions = List.copyOf(ollamaEvictions);
  }

  /** A check with its pools, predicting no eviction by Ollama. */
  public MemoryCheck(
      ModelName target,
      ByteSize size,
      ByteSize required,
      ByteSize available,
      List<LoadedModel> loaded,
      List<PoolUse> pools) {
    this(target, size, required, available, loaded, pools, List.of());
  }

  /** This check with the models Ollama would unload itself. */
  public MemoryCheck withOllamaEvictions(List<OllamaEviction> evictions) {
    return new MemoryCheck(target, size, required, available, loaded, pools, evictions);
  }

  /** A check against RAM alone. */
  public MemoryCheck(
      ModelName target,
      ByteSize size,
      ByteSize required,
      ByteSize available,
      List<LoadedModel> loaded) {
    this(target, size, required, available, loaded, List.of());
  }

  /** The pools that lack memory even after the decided unloads. */
  public List<PoolUse> shortPools() {
    return pools.stream().filter(PoolUse::isShort).toList();
  }

  /** The RAM the resident models hold together. */
  public ByteSize loadedTotal() {
    return loaded.stream().map(LoadedModel::ram).reduce(ByteSize.ZERO, ByteSize::plus);
  }
}
