package io.github.smartload.cli;

import io.github.smartload.core.load.Sleeper;
import io.github.smartload.core.load.SmartLoader;
import io.github.smartload.core.port.GpuProbe;
import io.github.smartload.core.port.LoadListener;
import io.github.smartload.core.port.MemoryProbe;
import io.github.smartload.core.port.ModelRuntime;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;

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

  SmartLoader loader(
      Settings settings,
      MemoryProbe probe,
      ModelRuntime runtime,
      LoadListener listener,
      Duration unloadTimeout) {
    return SmartLoader.builder(probe, runtime)
        .policy(settings.policy())
        .listener(listener)
        .time(clock, sleeper)
        .unloadDeadline(unloadTimeout)
        .build();
  }
}
