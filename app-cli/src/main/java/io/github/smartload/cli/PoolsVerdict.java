package io.github.smartload.cli;

import io.github.smartload.core.MemoryCheck;
import io.github.smartload.core.PlacementSplit;
import io.github.smartload.core.PoolUse;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a model that fits goes, for the verdict when there are GPUs: {@code GPU 0 (RTX 4090) 25.8
 * GB free > 22.8 GB, RAM 3.2 GB > 0.0 GB}. "Enough RAM!" alone would read as if a model wholly on
 * the GPU went to RAM. Each GPU that holds part of it, then RAM (always: its part is what is
 * checked against swapping); with the layer split when the layers are known and spread over several
 * pools.
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

  private static String withLayers(String part, PoolUse pool, boolean spread, Messages messages) {
    return spread
        ? messages.text("phrase.fits.layers", part, pool.layers(), pool.totalLayers())
        : part;
  }
}
