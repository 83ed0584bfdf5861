package io.github.smartload.cli;

import io.github.smartload.core.port.GpuProbe;
import io.github.smartload.proc.GpuSelection;
import java.nio.file.Path;

/** Opens the GPU probe the settings choose; bound by {@link ProcModule}. */
interface GpuConnector {

  /**
   * @param nvidiaSmi the nvidia-smi binary: a path, or a name looked up on PATH
   * @param sysfs where sysfs is mounted, for AMD's cards
   */
  GpuProbe open(GpuSelection selection, String nvidiaSmi, Path sysfs);
}
