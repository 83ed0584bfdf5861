package io.github.smartload.cli;

import com.google.inject.AbstractModule;

/** The memory probe's wiring: Linux's /proc and /sys, read by the proc adapter. */
final class ProcModule extends AbstractModule {

  @Override
  protected void configure() {
    bind(ProbeConnector.class).to(ProcProbeConnector.class);
  }
}
