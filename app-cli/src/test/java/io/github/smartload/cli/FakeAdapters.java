package io.github.smartload.cli;

import com.google.inject.AbstractModule;
import io.github.smartload.core.fake.InMemoryRuntime;
import io.github.smartload.core.fake.ManualTime;
import io.github.smartload.core.fake.SimulatedMemory;
import io.github.smartload.core.load.Sleeper;
import io.github.smartload.core.port.ModelRuntime;
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

  @Override
  protected void configure() {
    bind(Clock.class).toInstance(time);
    bind(Sleeper.class).toInstance(time);
    bind(ProbeConnector.class).toInstance((procfs, sysfs, cgroup) -> memory);
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
}
