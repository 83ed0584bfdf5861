package io.github.smartload.cli;

import com.google.inject.AbstractModule;

/** The host probes' wiring: memory and GPUs, read by the proc adapter. */
final class ProcModule extends AbstractModule {

  @Override
  protected void configure() {
    bind(ProbeConnector.class).to(ProcProbeConnector.class);
    bind(GpuConnector.class).to(ProcGpuConnector.class);
  }
}
