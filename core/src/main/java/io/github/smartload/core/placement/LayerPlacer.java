package io.github.smartload.core.placement;

import io.github.smartload.core.ByteSize;
import io.github.smartload.core.GpuDevice;
import io.github.smartload.core.GpuUse;
import io.github.smartload.core.PlacementSplit;
import io.github.smartload.core.PoolDemand;
import io.github.smartload.core.PoolPlacer;
import io.github.smartload.core.placement.Placement.Spread;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Predicts where a model's layers go, as Ollama and llama-server place them (dense models).
 *
 * <ol>
 *   <li>Only discrete GPUs are pools; integrated ones share RAM. None: everything in RAM.
 *   <li>Ollama's choice of GPUs: the GPU with the most free memory alone when the model (every
 *       layer plus a compute buffer) takes at most 80% of that free memory, else every GPU.
 *   <li>llama.cpp's default split: the blocks, then the output layer, in contiguous slices in
 *       proportion to each GPU's free memory. If each GPU stays within its target (free memory
 *       minus the margin, 1 GiB by default as {@code --fit-target}), that is the placement.
 *   <li>Otherwise llama-server's fit: GPUs from the last to the first, each takes as many layers
 *       from the back of the model (the output layer first) as keep it within its target; the front
 *       blocks that are left stay in system RAM.
 * </ol>
 *
 * <p>The compute buffer is taken as one size per backend; llama.cpp's grows a little with the
 * layers a device holds, which the margin absorbs.
 */
public final class LayerPlacer {

  /** llama-server's default {@code --fit-target}: free memory it leaves on each device. */
  public static final ByteSize DEFAULT_MARGIN = ByteSize.ofBytes(1L << 30);

  private final ByteSize marginPerDevice;

  public LayerPlacer(ByteSize marginPerDevice) {
    this.marginPerDevice = Objects.requireNonNull(marginPerDevice, "marginPerDevice");
  }

  /** A placer with llama-server's default margin of 1 GiB per device. */
  public static LayerPlacer withDefaultMargin() {
    return new LayerPlacer(DEFAULT_MARGIN);
  }

  /**
   * {@code model} as the policy places it: on the GPUs it is given, with the margin it is given,
   * each pool's bytes and layers.
   */
  public static PoolPlacer placer(ModelLayers model) {
    Objects.requireNonNull(model, "model");
    return (gpus, margin) -> {
      Placement placement = new LayerPlacer(margin).place(model, gpus);
      List<GpuUse> uses =
          placement.gpus().stream()
              .filter(share -> share.layers() > 0)
              .map(share -> new GpuUse(share.device(), share.layers(), share.bytes()))
              .toList();
      int layers = model.blocks() + 1;
      int onGpus = placement.gpus().stream().mapToInt(GpuShare::layers).sum();
      ByteSize spilled =
          placement.ram().minusOrZero(model.hostWeights()).minusOrZero(model.outputBuffer());
      return new PoolDemand(
          uses, placement.ram(), layers, layers - onGpus, spilled, PlacementSplit.LAYERS);
    };
  }

  public Placement place(ModelLayers model, List<GpuDevice> devices) {
    List<GpuDevice> pools = devices.stream().filter(GpuDevice::isDiscrete).toList();
    if (pools.isEmpty()) {
      return new Placement(Spread.CPU_ONLY, List.of(), model.blocks(), model.total());
    }
    GpuDevice roomiest =
        pools.stream()
            .max(
                Comparator.comparing(GpuDevice::free)
                    .thenComparing(GpuDevice::index, Comparator.reverseOrder()))
            .orElseThrow();
    boolean one = takesAtMostFourFifths(model.wholeOnOneGpu(), roomiest.free());
    List<GpuDevice> used =
        one
            ? List.of(roomiest)
            : pools.stream().sorted(Comparator.comparingInt(GpuDevice::index)).toList();
    int[] units = proportionalSplit(model.blocks() + 1, used);
    if (!withinTargets(model, used, units)) {
      units = fitFromTheBack(model, used);
    }
    return placement(model, used, units, one ? Spread.ONE_GPU : Spread.ALL_GPUS);
  }

  private static boolean takesAtMostFourFifths(ByteSize size, ByteSize free) {
    // size <= 0.8 x free, in integers: 5 x size <= 4 x free (exact; sizes are far below 2^60)
    return Math.multiplyExact(size.bytes(), 5L) <= Math.multiplyExact(free.bytes(), 4L);
  }

  /**
   * llama.cpp's split when none is given: unit {@code u} of {@code count} (blocks, then the output
   * layer) goes to the first device whose cumulative share of the free memory exceeds {@code
   * u/count}. Returns how many units each device takes, front to back.
   */
  private static int[] proportionalSplit(int count, List<GpuDevice> used) {
    int[] units = new int[used.size()];
    double totalFree = used.stream().mapToDouble(d -> d.free().bytes()).sum();
    for (int u = 0; u < count; u++) {
      double position = (double) u / count;
      double cumulative = 0;
      int device = used.size() - 1;
      for (int d = 0; d < used.size(); d++) {
        cumulative += totalFree == 0 ? 1.0 / used.size() : used.get(d).free().bytes() / totalFree;
        if (position < cumulative) {
          device = d;
          break;
        }
      }
      units[device]++;
    }
    return units;
  }

  /** The fit: from the last device to the first, each takes what keeps it within its target. */
  private int[] fitFromTheBack(ModelLayers model, List<GpuDevice> used) {
    int[] units = new int[used.size()];
    int unassigned = model.blocks() + 1;
    for (int d = used.size() - 1; d >= 0 && unassigned > 0; d--) {
      ByteSize target = target(used.get(d));
      ByteSize held = model.computeBuffer();
      while (unassigned > 0) {
        ByteSize next = held.plus(unit(model, unassigned - 1));
        if (next.compareTo(target) > 0) {
          break;
        }
        held = next;
        unassigned--;
        units[d]++;
      }
    }
    return units;
  }

  private boolean withinTargets(ModelLayers model, List<GpuDevice> used, int[] units) {
    int first = 0;
    for (int d = 0; d < used.size(); d++) {
      if (bytes(model, first, units[d]).compareTo(target(used.get(d))) > 0) {
        return false;
      }
      first += units[d];
    }
    return true;
  }

  private Placement placement(ModelLayers model, List<GpuDevice> used, int[] units, Spread spread) {
    int all = model.blocks() + 1;
    int onGpus = Arrays.stream(units).sum();
    int first = all - onGpus;
    List<GpuShare> shares = new ArrayList<>();
    for (int d = 0; d < used.size(); d++) {
      int last = first + units[d];
      boolean holdsOutput = units[d] > 0 && last == all;
      int blocks = units[d] - (holdsOutput ? 1 : 0);
      shares.add(
          new GpuShare(
              used.get(d),
              blocks,
              holdsOutput,
              bytes(model, first, units[d]),
              target(used.get(d))));
      first = last;
    }
    int cpuUnits = all - onGpus;
    ByteSize ram = model.hostWeights().plus(model.outputBuffer());
    if (cpuUnits > 0) {
      ram = ram.plus(model.computeBuffer());
      for (int u = 0; u < cpuUnits; u++) {
        ram = ram.plus(u < model.blocks() ? model.block(u) : model.outputOnCpu());
      }
    }
    return new Placement(spread, shares, Math.min(cpuUnits, model.blocks()), ram);
  }

  /**
   * What {@code count} units from {@code first} take on one device, its compute buffer included.
   */
  private static ByteSize bytes(ModelLayers model, int first, int count) {
    if (count == 0) {
      return ByteSize.ZERO;
    }
    ByteSize sum = model.computeBuffer();
    for (int u = first; u < first + count; u++) {
      sum = sum.plus(unit(model, u));
    }
    return sum;
  }

  /** Unit {@code u}: block {@code u}, or the output layer after the last block. */
  private static ByteSize unit(ModelLayers model, int u) {
    return u < model.blocks() ? model.block(u) : model.outputWeights();
  }

  private ByteSize target(GpuDevice device) {
    return device.free().minusOrZero(marginPerDevice);
  }
}
