package io.github.smartload.cli;

import io.github.smartload.core.port.GpuProbe;
import io.github.smartload.proc.AmdSysfsProbe;
import io.github.smartload.proc.GpuSelection;
import io.github.smartload.proc.NvidiaSmiProbe;
import java.nio.file.Path;

/** Opens nvidia-smi and the amdgpu sysfs reader, as {@code --gpu} selects them. */
final class ProcGpuConnector implements GpuConnector {

  @Override
  public GpuProbe open(GpuSelection selection, String nvidiaSmi, Path sysfs) {
    return selection.probe(
        new NvidiaSmiProbe(nvidiaSmi, NvidiaSmiProbe.DEFAULT_TIMEOUT), new AmdSysfsProbe(sysfs));
  }
}
