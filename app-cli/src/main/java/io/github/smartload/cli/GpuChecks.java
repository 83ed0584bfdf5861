package io.github.smartload.cli;

import io.github.smartload.core.GpuDevice;
import io.github.smartload.core.LoadedModel;
import io.github.smartload.proc.GpuSelection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** {@code doctor}'s GPU checks, pure functions of what the probes and Ollama reported. */
final class GpuChecks {

  static final String NAME = "GPU";
  static final String USE = "GPU use";

  private GpuChecks() {}

  /** The GPU tool failed: the probe's one line, and what to do about it. */
  static DoctorCheck failed(String message) {
    return DoctorCheck.fail(
        NAME,
        message,
        "fix the driver (nvidia-smi must answer), or --gpu none to decide on RAM alone");
  }

  /** {@code --nvidia-smi} (or the config's) names no executable file. */
  static DoctorCheck noNvidiaSmiAt(String path) {
    return DoctorCheck.warn(
        NAME,
        "--nvidia-smi " + path + " is no executable file, so no NVIDIA GPU is read",
        "give nvidia-smi's path (command -v nvidia-smi), or leave --nvidia-smi out");
  }

  /**
   * The GPUs found; empty when there is nothing to say (none found, and none was asked for by
   * vendor: a machine without a GPU is normal).
   */
  static Optional<DoctorCheck> devices(List<GpuDevice> devices, GpuSelection selection) {
    if (devices.isEmpty()) {
      if (selection == GpuSelection.NVIDIA) {
        return Optional.of(
            DoctorCheck.warn(
                NAME,
                "no NVIDIA GPU found (--gpu nvidia)",
                "install the NVIDIA driver, or give nvidia-smi's path with --nvidia-smi PATH"));
      }
      if (selection == GpuSelection.AMD) {
        return Optional.of(
            DoctorCheck.warn(
                NAME,
                "no AMD GPU found under the sysfs root (--gpu amd)",
                "load the amdgpu driver, or point --sysfs at the host's /sys"));
      }
      return Optional.empty();
    }
    return Optional.of(
        DoctorCheck.ok(
            NAME, devices.stream().map(GpuChecks::describe).collect(Collectors.joining("; "))));
  }

  /**
   * Models that run on the CPU although a discrete GPU is present: Ollama reports {@code size_vram}
   * 0 for them. Empty when there is no discrete GPU or no resident model.
   */
  static Optional<DoctorCheck> use(List<GpuDevice> devices, List<LoadedModel> models) {
    Optional<GpuDevice> gpu = devices.stream().filter(GpuDevice::isDiscrete).findFirst();
    if (gpu.isEmpty() || models.isEmpty()) {
      return Optional.empty();
    }
    List<String> onCpu =
        models.stream()
            .filter(model -> model.vram().bytes() == 0)
            .map(model -> model.name().toString())
            .toList();
    if (onCpu.isEmpty()) {
      return Optional.of(DoctorCheck.ok(USE, "every resident model has layers on a GPU"));
    }
    return Optional.of(
        DoctorCheck.warn(
            USE,
            String.join(", ", onCpu)
                + (onCpu.size() == 1 ? " runs" : " run")
                + " on the CPU (size_vram 0) although "
                + gpu.get()
                + " is present",
            "see why Ollama did not use the GPU: journalctl -u ollama | grep -i -e cuda -e rocm"
                + " (a CPU-only install, or a driver Ollama does not support)"));
  }

  private static String describe(GpuDevice gpu) {
    String kind = gpu.isDiscrete() ? "" : ", integrated";
    return String.format(
        Locale.ROOT,
        "%s: %s free of %s (%s%s)",
        gpu,
        gpu.free(),
        gpu.total(),
        gpu.driverLibrary(),
        kind);
  }
}
