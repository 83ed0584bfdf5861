package io.github.smartload.ollama.proxy;

import io.github.smartload.core.MemorySnapshot;
import io.github.smartload.core.ModelName;
import io.github.smartload.core.port.GpuProbe;
import io.github.smartload.core.port.MemoryProbe;
import io.github.smartload.core.port.MemoryProbeException;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Unit;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The proxy's Prometheus metrics, in a registry of its own: requests and decisions by model,
 * unloads, unload failures, the wait for the decision lock, and the memory (RAM, and each GPU's) as
 * the probes read it at scrape time.
 */
final class ProxyMetrics {

  /**
   * The endpoints named in the request counter; any other path counts as {@code other}, so that
   * digests in blob paths or a scanner's guesses cannot add series without bound.
   */
  static final Set<String> NAMED_ENDPOINTS =
      Stream.concat(
              ProxyHandler.MODEL_PATHS.stream(),
              Stream.of(
                  "/",
                  "/api/tags",
                  "/api/ps",
                  "/api/show",
                  "/api/pull",
                  "/api/push",
                  "/api/create",
                  "/api/copy",
                  "/api/delete",
                  "/api/version",
                  "/v1/models"))
          .collect(Collectors.toUnmodifiableSet());

  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();
  private final Counter requests;
  private final Counter decisions;
  private final Counter unloads;
  private final Counter unloadFailures;
  private final Counter unloadRequests;
  private final Counter reloadsAvoided;
  private final Histogram lockWait;

  /** The {@code model} label of a model the runtime has not installed. */
  static final String OTHER_MODEL = "other";

  private final Predicate<ModelName> installed;

  /**
   * @param installed whether the runtime has a model installed: only those name a series, so that
   *     random model names cannot add series without bound
   */
  ProxyMetrics(
      MemoryProbe probe, Supplier<Map<String, Integer>> inFlight, Predicate<ModelName> installed) {
    this(probe, GpuProbe.NONE, inFlight, installed);
  }

  ProxyMetrics(
      MemoryProbe probe,
      GpuProbe gpus,
      Supplier<Map<String, Integer>> inFlight,
      Predicate<ModelName> installed) {
    this.installed = installed;
    GpuGauges.register(registry, gpus);
    requests =
        Counter.builder()
            .name("smartload_proxy_requests_total")
            .help("Requests the proxy answered, by endpoint, model and status")
            .labelNames("endpoint", "model", "status")
            .register(registry);
    decisions =
        Counter.builder()
            .name("smartload_decisions_total")
            .help("Smart-load decisions, by model, kind and outcome")
            .labelNames("model", "kind", "outcome")
            .register(registry);
    unloads =
        Counter.builder()
            .name("smartload_unloads_total")
            .help("Models unloaded to make room, by model")
            .labelNames("model")
            .register(registry);
    unloadFailures =
        Counter.builder()
            .name("smartload_unload_failures_total")
            .help("Unloads that failed or did not finish in time, by model")
            .labelNames("model")
            .register(registry);
    unloadRequests =
        Counter.builder()
            .name("smartload_unload_requests_total")
            .help("Unloads clients asked Ollama for (keep_alive 0, no prompt), by model")
            .labelNames("model")
            .register(registry);
    reloadsAvoided =
        Counter.builder()
            .name("smartload_reloads_avoided_total")
            .help(
                "Requests without num_ctx forwarded at the context the model is resident at, so"
                    + " that Ollama does not reload it at its default (counted whether or not the"
                    + " default differs), by model")
            .labelNames("model")
            .register(registry);
    lockWait =
        Histogram.builder()
            .name("smartload_lock_wait_seconds")
            .help("Time a request waited for its turn to decide")
            .unit(Unit.SECONDS)
            .classicOnly()
            .classicUpperBounds(0.001, 0.01, 0.1, 0.5, 1, 5, 15, 60, 120, 300)
            .register(registry);
    GaugeWithCallback.builder()
        .name("smartload_memory_available_bytes")
        .help("Memory available for a model, as the probe reads it")
        .callback(cb -> read(probe).ifPresent(m -> cb.call(m.available().bytes())))
        .register(registry);
    GaugeWithCallback.builder()
        .name("smartload_swap_used_bytes")
        .help("Swap in use; anything but zero means models are being swapped")
        .callback(cb -> read(probe).ifPresent(m -> cb.call(m.swapUsed().bytes())))
        .register(registry);
    GaugeWithCallback.builder()
        .name("smartload_memory_pressure_some_avg10")
        .help("Share of the last 10 s in which some task waited for memory, percent")
        .callback(
            cb ->
                read(probe)
                    .flatMap(MemorySnapshot::pressure)
                    .ifPresent(p -> cb.call(p.someAvg10())))
        .register(registry);
    GaugeWithCallback.builder()
        .name("smartload_proxy_in_flight")
        .help("Requests being served now, by model")
        .labelNames("model")
        .callback(
            cb ->
                inFlight.get().entrySet().stream()
                    .collect(
                        Collectors.groupingBy(
                            e -> label(e.getKey()),
                            TreeMap::new,
                            Collectors.summingInt(Map.Entry::getValue)))
                    .forEach((model, n) -> cb.call(n, model)))
        .register(registry);
  }

  private static Optional<MemorySnapshot> read(MemoryProbe probe) {
    try {
      return Optional.of(probe.read());
    } catch (MemoryProbeException e) {
      return Optional.empty(); // a scrape shows the gauge missing rather than a wrong number
    }
  }

  /** {@code model} itself when installed, {@code -} for none, else {@link #OTHER_MODEL}. */
  private String label(String model) {
    if (model.equals("-")) {
      return model;
    }
    try {
      return installed.test(ModelName.parse(model)) ? model : OTHER_MODEL;
    } catch (IllegalArgumentException e) {
      return OTHER_MODEL;
    }
  }

  void request(String path, String model, int status) {
    String endpoint = NAMED_ENDPOINTS.contains(path) ? path : "other";
    requests.labelValues(endpoint, label(model), Integer.toString(status)).inc();
  }

  /** {@code kind} and {@code outcome} are closed sets: a decision's kinds, a load's outcomes. */
  void decision(String model, String kind, String outcome) {
    decisions.labelValues(label(model), kind, outcome).inc();
  }

  void unloaded(String model) {
    unloads.labelValues(label(model)).inc();
  }

  void unloadFailed(String model) {
    unloadFailures.labelValues(label(model)).inc();
  }

  void unloadRequested(ModelName model) {
    unloadRequests.labelValues(label(model.toString())).inc();
  }

  void reloadAvoided(ModelName model) {
    reloadsAvoided.labelValues(label(model.toString())).inc();
  }

  void waitedForLock(Duration waited) {
    lockWait.observe(waited.toNanos() / 1e9);
  }

  String contentType() {
    return writer.getContentType();
  }

  void writeTo(OutputStream out) throws IOException {
    writer.write(out, registry.scrape());
  }
}
