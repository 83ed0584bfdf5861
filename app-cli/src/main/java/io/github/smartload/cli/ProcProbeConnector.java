package io.github.smartload.cli;

import io.github.smartload.core.port.MemoryProbe;
import io.github.smartload.proc.LastSeenCgroup;
import io.github.smartload.proc.ProcMemoryProbe;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Opens the Linux memory probe over the procfs and sysfs roots the options name. The cgroup Ollama
 * was last seen in is kept in {@code $XDG_STATE_HOME/smartload/runtime-cgroup} (else {@code
 * ~/.local/state/smartload/runtime-cgroup}), so that a later run while Ollama is down still reads
 * Ollama's cgroup rather than smartload's own.
 */
final class ProcProbeConnector implements ProbeConnector {

  private final Environment environment;

  @Inject
  ProcProbeConnector(Environment environment) {
    this.environment = environment;
  }

  @Override
  public MemoryProbe open(Path procfs, Path sysfs, Optional<String> cgroup) {
    return new ProcMemoryProbe(procfs, sysfs, cgroup, LastSeenCgroup.persistedIn(stateFile()));
  }

  /** The XDG base directory rule: a relative $XDG_STATE_HOME is invalid and ignored. */
  Path stateFile() {
    Path stateHome =
        environment
            .get("XDG_STATE_HOME")
            .filter(value -> !value.isBlank())
            .map(Path::of)
            .filter(Path::isAbsolute)
            .orElseGet(() -> environment.home().resolve(".local").resolve("state"));
    return stateHome.resolve("smartload").resolve("runtime-cgroup");
  }
}
