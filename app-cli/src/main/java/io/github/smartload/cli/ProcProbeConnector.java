package io.github.smartload.cli;

import io.github.smartload.core.port.MemoryProbe;
import io.github.smartload.proc.ProcMemoryProbe;
import java.nio.file.Path;
import java.util.Optional;

/** Opens the Linux memory probe over the procfs and sysfs roots the options name. */
final class ProcProbeConnector implements ProbeConnector {

  @Override
  public MemoryProbe open(Path procfs, Path sysfs, Optional<String> cgroup) {
    return new ProcMemoryProbe(procfs, sysfs, cgroup);
  }
}
