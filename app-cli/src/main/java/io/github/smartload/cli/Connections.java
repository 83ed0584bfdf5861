package io.github.smartload.cli;

import io.github.smartload.core.ByteSize;
import io.github.smartload.core.GpuDevice;
import io.github.smartload.core.LoadPolicy;
import io.github.smartload.core.MemoryPools;
import io.github.smartload.core.MemorySnapshot;
import io.github.smartload.core.admission.Admission;
import io.github.smartload.core.admission.AdmissionSettings;
import io.github.smartload.core.footprint.ServerSettings;
import io.github.smartload.core.load.LoadPlanner;
import io.github.smartload.core.load.LoadTiming;
import io.github.smartload.core.load.Sleeper;
import io.github.smartload.core.load.SmartLoader;
import io.github.smartload.core.load.SmartUnloader;
import io.github.smartload.core.port.GpuProbe;
import io.github.smartload.core.port.GpuProbeException;
import io.github.smartload.core.port.LoadListener;
import io.github.smartload.core.port.MemoryProbe;
import io.github.smartload.core.port.ModelReader;
import io.github.smartload.core.port.ModelRuntime;
import io.github.smartload.core.size.Requirements;
import io.github.smartload.core.size.Sizing;
import io.github.smartload.core.size.TableThenRuntime;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * Opens the memory probe and the runtime the settings name, and assembles the {@link SmartLoader}
 * over them. The one place commands get their adapters from, so tests replace them in one module.
 */
final class Connections {

  private final ProbeConnector probes;
  private final GpuConnector gpus;
  private final RuntimeConnector runtimes;
  private final Clock clock;
  private final Sleeper sleeper;

  @Inject
  Connections(
      ProbeConnector probes,
      GpuConnector gpus,
      RuntimeConnector runtimes,
      Clock clock,
      Sleeper sleeper) {
    this.probes = probes;
    this.gpus = gpus;
    this.runtimes = runtimes;
    this.clock = clock;
    this.sleeper = sleeper;
  }

  MemoryProbe probe(Settings settings) {
    return probes.open(settings.procfs(), settings.sysfs(), settings.cgroup());
  }

  GpuProbe gpus(Settings settings) {
    return gpus.open(settings.gpu(), settings.nvidiaSmi(), settings.sysfs());
  }

  /**
   * RAM and the GPUs read together; a GPU tool that fails leaves a RAM-only reading that says why.
   *
   * @throws io.github.smartload.core.port.MemoryProbeException when RAM cannot be read
   */
  MemoryPools pools(Settings settings) {
    MemorySnapshot ram = probe(settings).read();
    try {
      return MemoryPools.of(ram, gpus(settings).devices());
    } catch (GpuProbeException e) {
      return MemoryPools.gpuFailed(ram, e.getMessage());
    }
  }

  RuntimeConnector.Connection runtime(Settings settings) {
    try {
      return runtimes.connect(settings.host());
    } catch (IllegalArgumentException e) {
      throw new ConfigException(e.getMessage()); // names the value and shows good examples
    }
  }

  Clock clock() {
    return clock;
  }

  /** The smart load over {@code probe} and {@code runtime}; events go to each call's listener. */
  SmartLoader loader(
      Settings settings, MemoryProbe probe, ModelRuntime runtime, Duration unloadTimeout) {
    // Only a load needs the server's settings and GPUs; an unload asks neither.
    return builder(settings, probe, runtime, unloadTimeout)
        .requirements(requirements(settings, runtime, server(settings)))
        .build();
  }

  SmartUnloader unloader(
      Settings settings, MemoryProbe probe, ModelRuntime runtime, Duration unloadTimeout) {
    return builder(settings, probe, runtime, unloadTimeout).buildUnloader();
  }

  /** Core's admission for a front serving concurrent clients (the proxy). */
  Admission admission(
      AdmissionSettings settings, SmartLoader loader, ModelRuntime runtime, LoadListener log) {
    return new Admission(loader, runtime, settings, clock, sleeper, log);
  }

  /**
   * The plan alone, which only reads the runtime (an offline plan reads given numbers), deciding
   * per pool with {@code gpus}.
   */
  LoadPlanner planner(
      Settings settings,
      MemoryProbe probe,
      GpuProbe gpus,
      ModelReader runtime,
      ServerSettings server) {
    return new LoadPlanner(
        probe,
        gpus,
        runtime,
        settings.policy(),
        requirements(settings, runtime, server),
        LoadTiming.defaults().withTime(clock, sleeper));
  }

  /** What a model requires, by {@code --estimate}: its footprint at its context, or the margin. */
  Requirements requirements(Settings settings, ModelReader runtime, ServerSettings server) {
    return new Requirements(
        sizing(settings, runtime),
        runtime,
        settings.policy().margin(),
        settings.estimate(),
        server);
  }

  /**
   * Ollama's server settings with this host's GPUs, whose total memory picks Ollama's automatic
   * context. GPUs that cannot be read count as none (Ollama's tier without a GPU, 4096 tokens):
   * status and doctor report that failure.
   */
  ServerSettings server(Settings settings) {
    List<ByteSize> totals;
    try {
      totals =
          gpus(settings).devices().stream()
              .filter(GpuDevice::isDiscrete)
              .map(GpuDevice::total)
              .toList();
    } catch (GpuProbeException e) {
      totals = List.of();
    }
    return settings.ollamaServer().toServer(totals);
  }

  /** How big a model is: the settings' size table, then what {@code runtime} says. */
  Sizing sizing(Settings settings, ModelReader runtime) {
    LoadPolicy policy = settings.policy();
    return new TableThenRuntime(policy.sizeTable(), policy.sizeSource(), runtime);
  }

  private SmartLoader.Builder builder(
      Settings settings, MemoryProbe probe, ModelRuntime runtime, Duration unloadTimeout) {
    return SmartLoader.builder(probe, runtime)
        .gpus(gpus(settings))
        .policy(settings.policy())
        .time(clock, sleeper)
        .unloadDeadline(unloadTimeout);
  }
}
