package io.github.smartload.ollama.proxy;

import io.github.smartload.core.GpuDevice;
import io.github.smartload.core.port.GpuProbe;
import io.github.smartload.core.port.GpuProbeException;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.List;

/**
 * The GPUs' memory as gauges per device, labelled by the device's index only (so the series stay as
 * few as the GPUs). Integrated GPUs are left out: their memory is RAM, in the memory gauges. A
 * scrape runs the GPU tool once, for the free memory; the totals, which do not change, come from
 * that last reading.
 */
final class GpuGauges {

  private final GpuProbe probe;
  private List<GpuDevice> last;

  private GpuGauges(GpuProbe probe) {
    this.probe = probe;
  }

  /** Registers {@code smartload_gpu_free_bytes} and {@code smartload_gpu_total_bytes}. */
  static void register(PrometheusRegistry registry, GpuProbe probe) {
    GpuGauges gauges = new GpuGauges(probe);
    GaugeWithCallback.builder()
        .name("smartload_gpu_free_bytes")
        .help("Free memory of each discrete GPU, as its tool reports it")
        .labelNames("gpu")
        .callback(cb -> gauges.read().forEach(d -> cb.call(d.free().bytes(), label(d))))
        .register(registry);
    GaugeWithCallback.builder()
        .name("smartload_gpu_total_bytes")
        .help("Total memory of each discrete GPU")
        .labelNames("gpu")
        .callback(cb -> gauges.lastRead().forEach(d -> cb.call(d.total().bytes(), label(d))))
        .register(registry);
  }

  private static String label(GpuDevice device) {
    return Integer.toString(device.index());
  }

  /** The discrete GPUs now; none when the tool failed, so a scrape shows the gauges missing. */
  private synchronized List<GpuDevice> read() {
    try {
      last = probe.devices().stream().filter(GpuDevice::isDiscrete).toList();
    } catch (GpuProbeException e) {
      last = List.of();
    }
    return last;
  }

  private synchronized List<GpuDevice> lastRead() {
    return last != null ? last : read();
  }
}
