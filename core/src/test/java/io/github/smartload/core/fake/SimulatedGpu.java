package io.github.smartload.core.fake;

import io.github.smartload.core.ByteSize;
import io.github.smartload.core.GpuDevice;
import io.github.smartload.core.port.GpuProbe;
import java.util.List;

/**
 * One discrete GPU in a test: VRAM an unloaded model held comes back only after a number of further
 * readings, as a driver frees a runner's memory after the runtime stops listing it.
 */
public final class SimulatedGpu implements GpuProbe {

  private final String name;
  private final ByteSize total;
  private long free;
  private long owed;
  private int lagReads;
  private int readsSinceGiven;
  private int reads;

  public SimulatedGpu(String name, ByteSize total, ByteSize free) {
    this.name = name;
    this.total = total;
    this.free = free.bytes();
  }

  /** VRAM given back shows up only after this many further readings. */
  public SimulatedGpu lagging(int readsBehind) {
    this.lagReads = readsBehind;
    return this;
  }

  void give(ByteSize vram) {
    owed += vram.bytes();
    readsSinceGiven = 0;
  }

  /** How many times the GPU was read. */
  public int reads() {
    return reads;
  }

  @Override
  public List<GpuDevice> devices() {
    reads++;
    readsSinceGiven++;
    if (owed > 0 && readsSinceGiven > lagReads) {
      free += owed;
      owed = 0;
    }
    ByteSize now = ByteSize.ofBytes(Math.min(free, total.bytes()));
    return List.of(
        new GpuDevice(
            0, "GPU-0", name, total, total.minusOrZero(now), now, GpuDevice.Kind.DISCRETE, "CUDA"));
  }
}
