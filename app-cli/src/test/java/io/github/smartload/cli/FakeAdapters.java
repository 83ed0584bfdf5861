package io.github.smartload.cli;

import com.google.inject.AbstractModule;
import io.github.smartload.core.GpuDevice;
import io.github.smartload.core.fake.InMemoryRuntime;
import io.github.smartload.core.fake.ManualTime;
import io.github.smartload.core.fake.SimulatedMemory;
import io.github.smartload.core.load.Sleeper;
import io.github.smartload.core.port.GpuProbe;
import io.github.smartload.core.port.GpuProbeException;
import io.github.smartload.core.port.ModelRuntime;
import io.github.smartload.proc.GpuSelection;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Binds core's test fakes in place of /proc and Ollama, with a manual clock so waiting is instant:
 * the commands' own logic (options, output, exit codes) tested without I/O.
 */
final class FakeAdapters extends AbstractModule {

  final ManualTime time = ManualTime.at("2026-11-27T04:00:00Z");
  final SimulatedMemory memory;
  final InMemoryRuntime runtime;

  /** Each address a command connected to, as the settings gave it. */
  final List<String> hosts = new ArrayList<>();

  private ModelRuntime served;

  /** The GPUs the fake probe reports (none: a machine without a GPU). */
  final List<GpuDevice> gpus = new ArrayList<>();

  /** Each GPU probe a command opened, as {@code "SELECTION NVIDIA-SMI"}. */
  final List<String> gpuProbes = new ArrayList<>();

  private String gpuFailure;
  private boolean realGpuProbes;

  FakeAdapters(String totalGigabytes, String availableGigabytes) {
    this.memory = new SimulatedMemory(totalGigabytes, availableGigabytes);
    this.runtime = new InMemoryRuntime(time, memory);
    this.served = runtime;
  }

  /** Serves {@code other} as the runtime instead of the in-memory one (e.g. one that fails). */
  FakeAdapters serving(ModelRuntime other) {
    this.served = other;
    return this;
  }

  /** The GPU probe fails with {@code message}, as a driver failure does. */
  FakeAdapters gpusFailing(String message) {
    this.gpuFailure = message;
    return this;
  }

  /** The real GPU probes (nvidia-smi, sysfs), for tests that give a stand-in nvidia-smi. */
  FakeAdapters realGpuProbes() {
    this.realGpuProbes = true;
    return this;
  }

  @Override
  protected void configure() {
    bind(Clock.class).toInstance(time);
    bind(Sleeper.class).toInstance(time);
    bind(ProbeConnector.class).toInstance((procfs, sysfs, cgroup) -> memory);
    if (realGpuProbes) {
      bind(GpuConnector.class).to(ProcGpuConnector.class);
    } else {
      bind(GpuConnector.class).toInstance(this::gpuProbe);
    }
    bind(RuntimeConnector.class)
        .toInstance(
            host -> {
              hosts.add(host);
              return new RuntimeConnector.Connection() {
                @Override
                public ModelRuntime runtime() {
                  return served;
                }

                @Override
                public String version() {
                  served.loadedModels();
                  return "0.12.0";
                }
              };
            });
  }

  private GpuProbe gpuProbe(GpuSelection selection, String nvidiaSmi, Path sysfs) {
    gpuProbes.add(selection + " " + nvidiaSmi);
    if (selection == GpuSelection.NONE) {
      return GpuProbe.NONE;
    }
    return () -> {
      if (gpuFailure != null) {
        throw new GpuProbeException(gpuFailure);
      }
      return List.copyOf(gpus);
    };
  }
}
