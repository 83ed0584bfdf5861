package io.github.smartload.proc;

import io.github.smartload.core.GpuDevice;
import io.github.smartload.core.port.GpuProbe;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Which GPU probes to ask: {@code auto} (both NVIDIA and AMD), {@code none}, or one vendor's. */
public enum GpuSelection {
  AUTO,
  NONE,
  NVIDIA,
  AMD;

  /**
   * @throws IllegalArgumentException naming the choices when {@code text} is none of them
   */
  public static GpuSelection parse(String text) {
    for (GpuSelection selection : values()) {
      if (selection.name().equalsIgnoreCase(text.strip())) {
        return selection;
      }
    }
    throw new IllegalArgumentException(
        "'" + text + "' is not a GPU choice: use auto, none, nvidia or amd");
  }

  /** The probe this selection asks, out of the two vendors' probes. */
  public GpuProbe probe(GpuProbe nvidia, GpuProbe amd) {
    return switch (this) {
      case AUTO ->
          () -> {
            List<GpuDevice> devices = new ArrayList<>(nvidia.devices());
            devices.addAll(amd.devices());
            return List.copyOf(devices);
          };
      case NONE -> GpuProbe.NONE;
      case NVIDIA -> nvidia;
      case AMD -> amd;
    };
  }

  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT);
  }
}
