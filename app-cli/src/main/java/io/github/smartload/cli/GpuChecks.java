package io.github.smartload.cli;

import io.github.smartload.core.GpuDevice;
import io.github.smartload.core.LoadedModel;
import io.github.smartload.proc.GpuSelection;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * {@code doctor}'s GPU checks, pure functions of what the probes and Ollama reported, worded in the
 * operator's language.
 */
final class GpuChecks {

  static final String NAME = "GPU";
  static final String USE = "GPU use";

  private GpuChecks() {}

  /** The GPU tool failed: the probe's one line, and what to do about it. */
  static DoctorCheck failed(String message, Messages text) {
    return DoctorCheck.fail(NAME, message, text.text("doctor.gpu.failed.fix"));
  }

  /** {@code --nvidia-smi} (or the config's) names no executable file. */
  static DoctorCheck noNvidiaSmiAt(String path, Messages text) {
    return DoctorCheck.warn(
        NAME, text.text("doctor.gpu.nosmi", path), text.text("doctor.gpu.nosmi.fix"));
  }

  /**
   * The GPUs found; empty when there is nothing to say (none found, and none was asked for by
   * vendor: a machine without a GPU is normal).
   */
  static Optional<DoctorCheck> devices(
      List<GpuDevice> devices, GpuSelection selection, Messages text) {
    if (devices.isEmpty()) {
      if (selection == GpuSelection.NVIDIA) {
        return Optional.of(
            DoctorCheck.warn(
                NAME, text.text("doctor.gpu.nonvidia"), text.text("doctor.gpu.nonvidia.fix")));
      }
      if (selection == GpuSelection.AMD) {
        return Optional.of(
            DoctorCheck.warn(
                NAME, text.text("doctor.gpu.noamd"), text.text("doctor.gpu.noamd.fix")));
      }
      return Optional.empty();
    }
    return Optional.of(
        DoctorCheck.ok(
            NAME,
            devices.stream().map(gpu -> describe(gpu, text)).collect(Collectors.joining("; "))));
  }

  /**
   * Models that run on the CPU although a discrete GPU is present: Ollama reports {@code size_vram}
   * 0 for them. Empty when there is no discrete GPU or no resident model.
   */
  static Optional<DoctorCheck> use(
      List<GpuDevice> devices, List<LoadedModel> models, Messages text) {
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
      return Optional.of(DoctorCheck.ok(USE, text.text("doctor.gpu.use.ok")));
    }
    return Optional.of(
        DoctorCheck.warn(
            USE,
            text.text(
                onCpu.size() == 1 ? "doctor.gpu.use.cpu.one" : "doctor.gpu.use.cpu.many",
                String.join(", ", onCpu),
                gpu.get()),
            text.text("doctor.gpu.use.fix")));
  }

  private static String describe(GpuDevice gpu, Messages text) {
    return text.text(
        gpu.isDiscrete() ? "doctor.gpu.device" : "doctor.gpu.device.integrated",
        gpu,
        gpu.free(),
        gpu.total(),
        gpu.driverLibrary());
  }
}
