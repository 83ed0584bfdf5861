package io.github.smartload.core.port;

import io.github.smartload.core.GpuDevice;
import java.util.List;

/** Reads the machine's GPUs and their memory now. */
@FunctionalInterface
public interface GpuProbe {

  /** A probe for a machine without GPUs, or when GPUs are to be ignored ({@code --gpu none}). */
  GpuProbe NONE = List::of;

  /**
   * The GPUs present, in the order their tool lists them; empty when there are none or their tool
   * is not installed.
   *
   * @throws GpuProbeException when a GPU's tool or driver fails, with a one-line message
   */
  List<GpuDevice> devices();
}
