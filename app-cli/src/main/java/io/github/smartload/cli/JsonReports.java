package io.github.smartload.cli;

import io.github.smartload.core.Decision;
import io.github.smartload.core.Durations;
import io.github.smartload.core.GpuDevice;
import io.github.smartload.core.LoadedModel;
import io.github.smartload.core.MemorySnapshot;
import io.github.smartload.core.OllamaEviction;
import io.github.smartload.core.PlacementSplit;
import io.github.smartload.core.PoolUse;
import io.github.smartload.core.UnloadFailure;
import io.github.smartload.core.footprint.Estimate;
import io.github.smartload.core.footprint.Footprint;
import io.github.smartload.core.footprint.ResolvedContext;
import io.github.smartload.core.load.LoadResult;
import io.github.smartload.core.load.UnloadResult;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code --json} objects, built as ordered maps so the field order is stable. The schema is
 * documented in the README; sizes are whole bytes, times RFC 3339.
 */
final class JsonReports {

  private JsonReports() {}

  /** A plan: the decision with every number, nothing done. */
  static Map<String, Object> plan(Decision decision) {
    Map<String, Object> json = decision(decision);
    json.put("unloaded", List.of());
    json.put("failed", List.of());
    json.put("loaded", false);
    return json;
  }

  /** A smart load: the decision and what was done. */
  static Map<String, Object> load(LoadResult result) {
    Map<String, Object> json = decision(result.decision());
    json.put("outcome", result.outcome().name().toLowerCase(Locale.ROOT).replace('_', '-'));
    json.put("unloaded", names(result.unloaded()));
    json.put("failed", failures(result.failed()));
    result
        .memoryAfter()
        .ifPresent(memory -> json.put("availableAfterBytes", memory.available().bytes()));
    json.put("loaded", result.loaded());
    return json;
  }

  /**
   * A requirement by footprint: {@code estimate: "footprint"}, the {@code footprint} parts and the
   * {@code context} it is at.
   */
  static Map<String, Object> withEstimate(Map<String, Object> json, Optional<Estimate> estimate) {
    if (estimate.isEmpty()) {
      return json;
    }
    if (estimate.get() instanceof Estimate.ByFootprint byFootprint) {
      json.put("estimate", "footprint");
      Footprint parts = byFootprint.footprint();
      Map<String, Object> footprint = new LinkedHashMap<>();
      footprint.put("weightsBytes", parts.weights().bytes());
      footprint.put("kvCacheBytes", parts.kvCache().bytes());
      footprint.put("bufferBytes", parts.buffers().bytes());
      json.put("footprint", footprint);
      ResolvedContext resolved = byFootprint.context();
      Map<String, Object> context = new LinkedHashMap<>();
      context.put("numCtx", resolved.numCtx());
      context.put("parallel", resolved.parallel());
      context.put("kvCacheType", resolved.kvCacheType().settingName());
      context.put("flashAttention", resolved.flashAttention().name().toLowerCase(Locale.ROOT));
      context.put("source", resolved.source().name().toLowerCase(Locale.ROOT).replace('_', '-'));
      json.put("context", context);
    }
    // By size x margin: the seed's fields alone, unless the facts asked for were missing.
    if (estimate.get() instanceof Estimate.ByMargin byMargin && !byMargin.missing().isEmpty()) {
      json.put("estimate", "margin");
      json.put("missingFacts", byMargin.missing());
    }
    return json;
  }

  static Map<String, Object> unload(UnloadResult result) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("unloaded", names(result.unloaded()));
    json.put("failed", failures(result.failed()));
    json.put("notLoaded", result.notLoaded().stream().map(Object::toString).toList());
    json.put("availableBeforeBytes", result.memoryBefore().available().bytes());
    json.put("availableAfterBytes", result.memoryAfter().available().bytes());
    return json;
  }

  static Map<String, Object> memory(MemorySnapshot memory) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("totalBytes", memory.total().bytes());
    json.put("availableBytes", memory.available().bytes());
    json.put("swapTotalBytes", memory.swapTotal().bytes());
    json.put("swapFreeBytes", memory.swapFree().bytes());
    json.put("source", memory.source().kind().name().toLowerCase(Locale.ROOT).replace('_', '-'));
    json.put("sourceDetail", memory.source().detail());
    memory
        .pressure()
        .ifPresent(
            pressure -> {
              Map<String, Object> psi = new LinkedHashMap<>();
              psi.put("someAvg10", pressure.someAvg10());
              psi.put("fullAvg10", pressure.fullAvg10());
              json.put("pressure", psi);
            });
    return json;
  }

  static Map<String, Object> gpu(GpuDevice gpu) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("index", gpu.index());
    json.put("id", gpu.id());
    json.put("name", gpu.name());
    json.put("totalBytes", gpu.total().bytes());
    json.put("usedBytes", gpu.used().bytes());
    json.put("freeBytes", gpu.free().bytes());
    json.put("kind", gpu.kind().name().toLowerCase(Locale.ROOT));
    json.put("library", gpu.driverLibrary());
    return json;
  }

  static Map<String, Object> model(LoadedModel model) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("name", model.name().toString());
    json.put("sizeBytes", model.size().bytes());
    json.put("vramBytes", model.vram().bytes());
    json.put("expiresAt", model.expiresAt().toString());
    return json;
  }

  private static Map<String, Object> decision(Decision decision) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("model", decision.check().target().toString());
    json.put("decision", decision.kind());
    json.put("sizeBytes", decision.check().size().bytes());
    json.put("requiredBytes", decision.check().required().bytes());
    json.put("availableBytes", decision.check().available().bytes());
    json.put("loadedBytes", decision.check().loadedTotal().bytes());
    json.put("toUnload", names(decision.toUnload()));
    json.put("expectedAvailableAfterBytes", decision.expectedAvailableAfter().bytes());
    if (!decision.check().pools().isEmpty()) {
      json.put("pools", pools(decision.check().pools()));
    }
    if (!decision.check().ollamaEvictions().isEmpty()) {
      json.put("ollamaEvictions", ollamaEvictions(decision.check().ollamaEvictions()));
    }
    return json;
  }

  /** The models Ollama would unload itself for the load, in its order, each with its reason. */
  static List<Map<String, Object>> ollamaEvictions(List<OllamaEviction> evictions) {
    return evictions.stream()
        .map(
            eviction -> {
              Map<String, Object> json = new LinkedHashMap<>();
              json.put("name", eviction.model().name().toString());
              json.put("cause", eviction.cause().name().toLowerCase(Locale.ROOT).replace('_', '-'));
              json.put("predictedBytes", eviction.predicted().bytes());
              json.put("freeBytes", eviction.free().bytes());
              json.put("loaded", eviction.loaded());
              json.put("maxLoaded", eviction.maxLoaded());
              return json;
            })
        .toList();
  }

  /** Each memory pool of a decision with GPUs: RAM (its part), then each discrete GPU. */
  static List<Map<String, Object>> pools(List<PoolUse> pools) {
    return pools.stream()
        .map(
            pool -> {
              Map<String, Object> json = new LinkedHashMap<>();
              json.put("name", pool.pool());
              json.put("kind", pool.isGpu() ? "gpu" : "ram");
              pool.gpuIndex().ifPresent(index -> json.put("index", index));
              json.put("freeBytes", pool.free().bytes());
              if (pool.freedByUnload()) {
                // The decided unloads give it memory back: neededBytes is the placement after them.
                json.put("freeAfterUnloadBytes", pool.freeAfterUnload().bytes());
              }
              json.put("neededBytes", pool.needs().bytes());
              json.put("layers", pool.layers());
              json.put("totalLayers", pool.totalLayers());
              json.put("shortByBytes", pool.shortBy().bytes());
              json.put("split", split(pool.split()));
              return json;
            })
        .toList();
  }

  /** {@code layers} (the counts are real layers) or {@code whole} (placed by size, one piece). */
  static String split(PlacementSplit split) {
    return split.name().toLowerCase(Locale.ROOT);
  }

  private static List<String> names(List<LoadedModel> models) {
    return models.stream().map(model -> model.name().toString()).toList();
  }

  /** Why an unload failed, in plain English for scripts. */
  static String reason(UnloadFailure.Cause cause) {
    if (cause instanceof UnloadFailure.StillListed listed) {
      return listed.runtime() + " still lists it after " + Durations.brief(listed.waited());
    }
    return ((UnloadFailure.RuntimeError) cause).error();
  }

  private static List<Map<String, Object>> failures(List<UnloadFailure> failures) {
    return failures.stream()
        .map(
            failure -> {
              Map<String, Object> json = new LinkedHashMap<>();
              json.put("name", failure.model().toString());
              json.put("error", reason(failure.cause()));
              return json;
            })
        .toList();
  }
}
