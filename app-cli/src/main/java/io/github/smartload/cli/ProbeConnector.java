package io.github.smartload.cli;

import io.github.smartload.core.port.MemoryProbe;
import java.nio.file.Path;

/** Opens the memory probe for a procfs and a sysfs root; bound by {@link ProcModule}. */
interface ProbeConnector {

  MemoryProbe open(Path procfs, Path sysfs);
}
