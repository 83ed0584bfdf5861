package io.github.smartload.ollama.proxy;

import com.squareup.moshi.JsonWriter;
import io.github.smartload.core.GpuDevice;
import io.github.smartload.core.LoadedModel;
import io.github.smartload.core.MemorySnapshot;
import io.github.smartload.core.PoolUse;
import io.github.smartload.core.port.GpuProbe;
import io.github.smartload.core.port.GpuProbeException;
import io.github.smartload.core.port.MemoryProbe;
import io.github.smartload.core.port.MemoryProbeException;
import io.github.smartload.core.port.ModelRuntime;
import io.github.smartload.core.port.ModelRuntimeException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import okio.Buffer;

/**
 * The JSON of {@code GET /smartload/status} and {@code GET /smartload/health}, and of the proxy's
 * own errors, written with Moshi's streaming writer.
 */
final class StatusPage {

  /** One health check: whether all is well, its status word, and what is wrong if not. */
  record Health(boolean ok, String status, java.util.Optional<String> error) {}

  private final MemoryProbe probe;
  private final GpuProbe gpus;
  private final ModelRuntime runtime;
  private final Supplier<Map<String, Integer>> inFlight;
  private final RecentDecisions recent;
  private final Supplier<Map<String, Integer>> queued;
  private final String upstream;

  StatusPage(
      MemoryProbe probe,
      GpuProbe gpus,
      ModelRuntime runtime,
      Supplier<Map<String, Integer>> inFlight,
      RecentDecisions recent,
      Supplier<Map<String, Integer>> queued,
      String upstream) {
    this.probe = probe;
    this.gpus = gpus;
    this.runtime = runtime;
    this.inFlight = inFlight;
    this.recent = recent;
    this.queued = queued;
    this.upstream = upstream;
  }

  /** Memory, GPUs, resident models, requests in flight, loads queued and recent decisions. */
  String render() {
    return write(
        json -> {
          json.beginObject();
          json.name("upstream").value(upstream);
          json.name("memory");
          memory(json);
          gpus(json);
          json.name("resident");
          resident(json);
          json.name("in_flight").beginObject();
          for (Map.Entry<String, Integer> entry : inFlight.get().entrySet()) {
            json.name(entry.getKey()).value(entry.getValue());
          }
          json.endObject();
          json.name("queued").beginObject();
          for (Map.Entry<String, Integer> entry : queued.get().entrySet()) {
            json.name(entry.getKey()).value(entry.getValue());
          }
          json.endObject();
          json.name("recent_decisions").beginArray();
          for (RecentDecisions.Entry entry : recent.newestFirst()) {
            json.beginObject();
            json.name("at").value(entry.at().toString());
            json.name("model").value(entry.model().toString());
            json.name("kind").value(entry.kind());
            json.name("required_bytes").value(entry.requiredBytes());
            json.name("available_bytes").value(entry.availableBytes());
            json.name("unloaded").beginArray();
            for (String name : entry.unloaded()) {
              json.value(name);
            }
            json.endArray();
            json.name("outcome").value(entry.outcome());
            if (!entry.pools().isEmpty()) {
              pools(json, entry.pools());
            }
            json.endObject();
          }
          json.endArray();
          json.endObject();
        });
  }

  /** A decision's memory pools: RAM's part, then each discrete GPU's share. */
  private static void pools(JsonWriter json, List<PoolUse> pools) throws IOException {
    json.name("pools").beginArray();
    for (PoolUse pool : pools) {
      json.beginObject();
      json.name("name").value(pool.pool());
      json.name("kind").value(pool.isGpu() ? "gpu" : "ram");
      if (pool.gpuIndex().isPresent()) {
        json.name("index").value(pool.gpuIndex().getAsInt());
      }
      json.name("free_bytes").value(pool.free().bytes());
      if (pool.freedByUnload()) {
        // The decided unloads give it memory back: needed_bytes is the placement after them.
        json.name("free_after_unload_bytes").value(pool.freeAfterUnload().bytes());
      }
      json.name("needed_bytes").value(pool.needs().bytes());
      json.name("layers").value(pool.layers());
      json.name("total_layers").value(pool.totalLayers());
      json.name("short_by_bytes").value(pool.shortBy().bytes());
      // "layers": the counts are real layers; "whole": placed by size, 1 layer means the model.
      json.name("split").value(pool.split().name().toLowerCase(Locale.ROOT));
      json.endObject();
    }
    json.endArray();
  }

  private void memory(JsonWriter json) throws IOException {
    try {
      MemorySnapshot memory = probe.read();
      json.beginObject();
      json.name("total_bytes").value(memory.total().bytes());
      json.name("available_bytes").value(memory.available().bytes());
      json.name("swap_used_bytes").value(memory.swapUsed().bytes());
      json.name("source").value(memory.source().toString());
      if (memory.pressure().isPresent()) {
        json.name("pressure_some_avg10").value(memory.pressure().get().someAvg10());
      }
      json.endObject();
    } catch (MemoryProbeException e) {
      json.beginObject().name("error").value(e.getMessage()).endObject();
    }
  }

  /** Every GPU the probe lists ({@code gpus}); {@code gpu_error} when its tool failed. */
  private void gpus(JsonWriter json) throws IOException {
    List<GpuDevice> devices;
    try {
      devices = gpus.devices();
    } catch (GpuProbeException e) {
      json.name("gpus").beginArray().endArray();
      json.name("gpu_error").value(e.getMessage());
      return;
    }
    json.name("gpus").beginArray();
    for (GpuDevice gpu : devices) {
      json.beginObject();
      json.name("index").value(gpu.index());
      json.name("id").value(gpu.id());
      json.name("name").value(gpu.name());
      json.name("total_bytes").value(gpu.total().bytes());
      json.name("used_bytes").value(gpu.used().bytes());
      json.name("free_bytes").value(gpu.free().bytes());
      json.name("kind").value(gpu.isDiscrete() ? "discrete" : "integrated");
      json.endObject();
    }
    json.endArray();
  }

  private void resident(JsonWriter json) throws IOException {
    try {
      List<LoadedModel> models = runtime.loadedModels();
      json.beginArray();
      for (LoadedModel model : models) {
        json.beginObject();
        json.name("model").value(model.name().toString());
        json.name("size_bytes").value(model.size().bytes());
        json.name("ram_bytes").value(model.ram().bytes());
        json.name("vram_bytes").value(model.vram().bytes());
        json.name("expires_at").value(model.expiresAt().toString());
        json.endObject();
      }
      json.endArray();
    } catch (ModelRuntimeException e) {
      json.beginObject().name("error").value(e.getMessage()).endObject();
    }
  }

  /**
   * Whether Ollama answers and memory can be read: a proxy that cannot read memory refuses loads,
   * so it is not healthy.
   */
  Health health() {
    try {
      runtime.loadedModels();
    } catch (ModelRuntimeException e) {
      return unhealthy("upstream-unreachable", upstream + ": " + e.getMessage());
    }
    try {
      probe.read();
    } catch (MemoryProbeException e) {
      return unhealthy("memory-unreadable", e.getMessage());
    }
    return new Health(true, "ok", java.util.Optional.empty());
  }

  private static Health unhealthy(String status, String error) {
    return new Health(false, status, java.util.Optional.of(error));
  }

  /**
   * The health JSON: {@code fresh} is false when the answer is the last finished check's, {@code
   * ageSeconds} old, because a fresh one was not ready in time.
   */
  static String healthJson(String status, String error, boolean fresh, long ageSeconds) {
    return write(
        json -> {
          json.beginObject().name("status").value(status);
          if (error != null) {
            json.name("error").value(error);
          }
          json.name("fresh").value(fresh).name("age_seconds").value(ageSeconds).endObject();
        });
  }

  /** Ollama's error shape: {@code {"error": message}}. */
  static String error(String message) {
    return write(json -> json.beginObject().name("error").value(message).endObject());
  }

  private interface Body {
    void writeTo(JsonWriter json) throws IOException;
  }

  private static String write(Body body) {
    Buffer buffer = new Buffer();
    try (JsonWriter json = JsonWriter.of(buffer)) {
      body.writeTo(json);
    } catch (IOException e) {
      throw new UncheckedIOException("writing JSON to memory failed", e);
    }
    return buffer.readUtf8();
  }
}
