package io.github.smartload.cli;

import com.google.inject.AbstractModule;

/** PLACEHOLDER until the proc adapter lands. */
final class ProcModule extends AbstractModule {
  @Override
  protected void configure() {
    bind(ProbeConnector.class)
        .toInstance(
            (procfs, sysfs) -> {
              throw new UnsupportedOperationException("no proc adapter yet");
            });
  }
}
