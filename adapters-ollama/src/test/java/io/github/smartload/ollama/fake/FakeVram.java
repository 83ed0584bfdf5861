package io.github.smartload.ollama.fake;

import io.github.smartload.core.ByteSize;
import io.github.smartload.core.GpuDevice;
import io.github.smartload.core.ModelName;
import io.github.smartload.core.placement.GpuShare;
import io.github.smartload.core.placement.LayerPlacer;
import io.github.smartload.core.placement.ModelLayers;
import io.github.smartload.core.placement.Placement;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The fake Ollama's GPUs: VRAM per device, a loading model's layers placed on them as Ollama would
 * (core's {@link LayerPlacer}, 1 GiB margin per device), and their readings mirrored into a CSV
 * file in {@code nvidia-smi}'s query format, which a stand-in {@code nvidia-smi} prints.
 *
 * <p>A simplification, on purpose: a model's size is split evenly over {@link #BLOCKS} blocks, with
 * no token embeddings kept in RAM, no output layer and no compute buffer; a real model's tensors
 * and buffers shift the split by a few percent. Thread-safe: every method holds the instance lock.
 */
final class FakeVram {

  /** A simulated discrete GPU. */
  record Device(String name, ByteSize total) {}

  /** Blocks of a fake model, as many as llama3.1:8b has. */
  static final int BLOCKS = 32;

  private static final long MIB = 1L << 20;

  private final List<Device> devices;
  private final long[] used;
  private final Map<ModelName, long[]> held = new HashMap<>();
  private final Optional<Path> readings;
  private final LayerPlacer placer = LayerPlacer.withDefaultMargin();

  FakeVram(List<Device> devices, Optional<Path> readings) {
    this.devices = List.copyOf(devices);
    this.used = new long[devices.size()];
    this.readings = readings;
    mirror();
  }

  /**
   * Places {@code model} of {@code size} on the GPUs with the free memory they have now, replacing
   * what it held before; returns the VRAM it takes (zero without GPUs).
   */
  synchronized ByteSize place(ModelName model, ByteSize size) {
    release(held.remove(model));
    if (devices.isEmpty()) {
      return ByteSize.ZERO;
    }
    ModelLayers layers =
        ModelLayers.evenly(
            BLOCKS,
            size,
            ByteSize.ZERO,
            ByteSize.ZERO,
            ByteSize.ZERO,
            ByteSize.ZERO,
            ByteSize.ZERO);
    Placement placement = placer.place(layers, readings());
    long[] shares = new long[devices.size()];
    for (GpuShare share : placement.gpus()) {
      shares[share.device().index()] = share.bytes().bytes();
      used[share.device().index()] += share.bytes().bytes();
    }
    held.put(model, shares);
    mirror();
    return placement.vram();
  }

  /** The VRAM {@code model} holds now, on every GPU. */
  synchronized ByteSize held(ModelName model) {
    long[] shares = held.get(model);
    long sum = 0;
    for (int d = 0; shares != null && d < shares.length; d++) {
      sum += shares[d];
    }
    return ByteSize.ofBytes(sum);
  }

  /**
   * The runner of {@code model} exited: its VRAM no longer belongs to it but stays in use until
   * {@link #free} hands it back, as the driver frees a process's memory a little after it exits.
   */
  synchronized long[] detach(ModelName model) {
    long[] shares = held.remove(model);
    return shares == null ? new long[devices.size()] : shares;
  }

  /** Whether no exited runner's VRAM is still on its way back: every GPU uses what models hold. */
  synchronized boolean settled() {
    for (int d = 0; d < devices.size(); d++) {
      long heldOnDevice = 0;
      for (long[] shares : held.values()) {
        heldOnDevice += shares[d];
      }
      if (used[d] != heldOnDevice) {
        return false;
      }
    }
    return true;
  }

  /** The driver has the memory of a detached share back. */
  synchronized void free(long[] shares) {
    release(shares);
    mirror();
  }

  private void release(long[] shares) {
    for (int d = 0; shares != null && d < shares.length; d++) {
      used[d] = Math.max(0, used[d] - shares[d]);
    }
  }

  /** Each GPU as nvidia-smi reports it now. */
  synchronized List<GpuDevice> readings() {
    List<GpuDevice> list = new ArrayList<>();
    for (int d = 0; d < devices.size(); d++) {
      Device device = devices.get(d);
      ByteSize inUse = ByteSize.ofBytes(Math.min(used[d], device.total().bytes()));
      list.add(
          new GpuDevice(
              d,
              uuid(d),
              device.name(),
              device.total(),
              inUse,
              device.total().minusOrZero(inUse),
              GpuDevice.Kind.DISCRETE,
              "CUDA"));
    }
    return list;
  }

  /**
   * Writes {@code index, uuid, name, memory.total, memory.used, memory.free} in MiB, one GPU a
   * line, as {@code nvidia-smi --format=csv,noheader,nounits} prints them; an empty file without
   * GPUs. Written to a temp file and moved, so the stand-in never prints half a file.
   */
  private void mirror() {
    if (readings.isEmpty()) {
      return;
    }
    StringBuilder text = new StringBuilder();
    for (GpuDevice gpu : readings()) {
      long total = gpu.total().bytes() / MIB;
      long inUse = (gpu.used().bytes() + MIB - 1) / MIB;
      text.append(
          String.format(
              "%d, %s, %s, %d, %d, %d%n",
              gpu.index(), gpu.id(), gpu.name(), total, inUse, Math.max(0, total - inUse)));
    }
    Path target = readings.get();
    try {
      Files.createDirectories(target.getParent());
      Path temp = Files.createTempFile(target.getParent(), "nvidia-smi", ".tmp");
      Files.writeString(temp, text);
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot mirror VRAM into " + target, e);
    }
  }

  private static String uuid(int index) {
    return String.format("GPU-fa4e0000-0000-0000-0000-%012d", index);
  }
}
