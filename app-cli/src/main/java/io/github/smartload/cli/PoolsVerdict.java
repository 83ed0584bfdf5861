package io.github.smartload.cli;

import io.github.smartload.core.ByteSize;
import io.github.smartload.core.MemoryCheck;
import io.github.smartload.core.PlacementSplit;
import io.github.smartload.core.PoolUse;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Where a model that fits goes, for the verdict when there are GPUs: {@code GPU 0 (RTX 4090) 25.8
 * GB free > 22.8 GB, RAM 3.2 GB > 0.0 GB}. "Enough RAM!" alone would read as if a model wholly on
 * the GPU went to RAM. Each GPU that holds part of it, then RAM (always: its part is what is
 * checked against swapping); with the layer split when the layers are known and spread over several
 * pools. The verdicts of a model that does not fit name the pools short the same way: {@code GPU 0
 * (RTX 4090) short by 4.1 GB (--placement gpu), RAM 24.0 GB > 0.0 GB}.
 */
final class PoolsVerdict {

  private PoolsVerdict() {}

  static String where(MemoryCheck check, Messages messages) {
    List<PoolUse> holding = check.pools().stream().filter(PoolUse::holdsAny).toList();
    boolean spread = holding.size() > 1 && holding.get(0).split() == PlacementSplit.LAYERS;
    List<String> parts = new ArrayList<>();
    for (PoolUse pool : holding) {
      if (pool.isGpu()) {
        parts.add(
            withLayers(
                messages.text("phrase.fits.gpu", pool.pool(), pool.free(), pool.needs()),
                pool,
                spread,
                messages));
      }
    }
    for (PoolUse pool : check.pools()) {
      if (!pool.isGpu()) {
        parts.add(
            withLayers(
                messages.text("phrase.fits.ram", pool.free(), pool.needs()),
                pool,
                spread,
                messages));
      }
    }
    return String.join(", ", parts);
  }

  /**
   * The pools short of memory now ({@code afterUnload} false: why models must go) or even after the
   * unloads (true: why it will not fit): each GPU short by what it lacks, then RAM, short ({@code
   * RAM 13.0 GB < 16.8 GB}) or not; empty when no pool is short (no GPU: the RAM-only verdicts).
   */
  static Optional<String> shortOf(MemoryCheck check, Messages messages, boolean afterUnload) {
    List<PoolUse> short_ =
        check.pools().stream()
            .filter(pool -> afterUnload ? pool.isShort() : pool.isShortBeforeUnload())
            .toList();
    if (short_.isEmpty()) {
      return Optional.empty();
    }
    List<String> parts = new ArrayList<>();
    for (PoolUse pool : short_) {
      if (pool.isGpu()) {
        // A GPU is short only when the model must be wholly on the GPUs.
        parts.add(messages.text("phrase.short.gpu", pool.pool(), shortBy(pool, afterUnload)));
      }
    }
    for (PoolUse pool : check.pools()) {
      if (!pool.isGpu()) {
        ByteSize free = afterUnload ? pool.freeAfterUnload() : pool.free();
        ByteSize shortBy = shortBy(pool, afterUnload);
        parts.add(
            shortBy.bytes() > 0
                ? messages.text("phrase.short.ram", free, free.plus(shortBy))
                : messages.text("phrase.fits.ram", free, pool.needs()));
      }
    }
    return Optional.of(String.join(", ", parts));
  }

  private static ByteSize shortBy(PoolUse pool, boolean afterUnload) {
    return afterUnload ? pool.shortBy() : pool.shortBeforeUnload();
  }

  private static String withLayers(String part, PoolUse pool, boolean spread, Messages messages) {
    return spread
        ? messages.text("phrase.fits.layers", part, pool.layers(), pool.totalLayers())
        : part;
  }
}
