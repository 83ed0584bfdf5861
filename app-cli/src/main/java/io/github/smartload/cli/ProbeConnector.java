package io.github.smartload.cli;

import io.github.smartload.core.port.MemoryProbe;
import java.nio.file.Path;
import java.util.Optional;

/** Opens the memory probe for a procfs and a sysfs root; bound by {@link ProcModule}. */
interface ProbeConnector {

  /**
   * @param cgroup the cgroup models load in, as written in /proc/PID/cgroup; empty to find Ollama's
   */
  MemoryProbe open(Path procfs, Path sysfs, Optional<String> cgroup);
}
