package io.github.smartload.core.placement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.smartload.core.ByteSize;
import io.github.smartload.core.GpuDevice;
import io.github.smartload.core.placement.Placement.Spread;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The README's "GPU memory" examples, one test each, with the same arithmetic (all in MiB). The
 * model: 32 blocks of 400 MiB weights + 100 MiB KV cache (500 MiB each, 16000 MiB in all), an
 * output layer of 1000 MiB, token embeddings of 1000 MiB, a compute buffer of 500 MiB and an output
 * buffer of 500 MiB. On one GPU it takes 16000 + 1000 + 500 = 17500 MiB.
 */
class LayerPlacerTest {

  private static final ModelLayers MODEL =
      ModelLayers.evenly(
          32, mib(32 * 400), mib(32 * 100), mib(1000), mib(1000), mib(500), mib(500));

  private final LayerPlacer placer = LayerPlacer.withDefaultMargin();

  @Test
  void aModelWithinFourFifthsOfOneGpuGoesWhollyOnIt() {
    // 17500 <= 0.8 x 24000 = 19200: one GPU; target 24000 - 1024 = 22976 >= 17500: all 33 layers
    Placement placement = placer.place(MODEL, List.of(gpu(0, 24576, 24000)));

    assertThat(placement.spread()).isEqualTo(Spread.ONE_GPU);
    assertThat(placement.whollyOnGpus()).isTrue();
    assertThat(placement.gpus())
        .singleElement()
        .satisfies(
            share -> {
              assertThat(share.layers()).isEqualTo(33);
              assertThat(share.bytes()).isEqualTo(mib(17500));
              assertThat(share.target()).isEqualTo(mib(22976));
            });
    // RAM: token embeddings 1000 + output buffer 500
    assertThat(placement.ram()).isEqualTo(mib(1500));
  }

  @Test
  void whatDoesNotFitUnderTheTargetSpillsTheFrontBlocksToRam() {
    // target 12000 - 1024 = 10976; compute 500 + output layer 1000 leave 9476 = 18 blocks of 500
    Placement placement = placer.place(MODEL, List.of(gpu(0, 12288, 12000)));

    assertThat(placement.spread()).isEqualTo(Spread.ALL_GPUS);
    assertThat(placement.whollyOnGpus()).isFalse();
    GpuShare share = placement.gpus().get(0);
    assertThat(share.blocks()).isEqualTo(18);
    assertThat(share.holdsOutput()).isTrue();
    assertThat(share.bytes()).isEqualTo(mib(18 * 500 + 1000 + 500)); // 10500
    assertThat(placement.cpuBlocks()).isEqualTo(14);
    // RAM: 14 blocks 7000 + compute 500 + embeddings 1000 + output buffer 500
    assertThat(placement.ram()).isEqualTo(mib(9000));
  }

  @Test
  void ofTwoGpusTheOneWithMostFreeMemoryTakesTheModelAloneWhenItCan() {
    // 17500 <= 0.8 x 23000 = 18400: GPU 1 alone, although it is listed second
    Placement placement = placer.place(MODEL, List.of(gpu(0, 12288, 10000), gpu(1, 24576, 23000)));

    assertThat(placement.spread()).isEqualTo(Spread.ONE_GPU);
    assertThat(placement.gpus())
        .singleElement()
        .satisfies(
            share -> {
              assertThat(share.device().index()).isEqualTo(1);
              assertThat(share.layers()).isEqualTo(33);
              assertThat(share.bytes()).isEqualTo(mib(17500));
            });
    assertThat(placement.ram()).isEqualTo(mib(1500));
  }

  @Test
  void aModelTooLargeForOneGpuIsSpreadInProportionToFreeMemory() {
    // 17500 > 0.8 x 12000 = 9600: both. Layer u of 33 goes to GPU 0 while u/33 < 0.5: u = 0..16
    Placement placement = placer.place(MODEL, List.of(gpu(0, 12288, 12000), gpu(1, 12288, 12000)));

    assertThat(placement.spread()).isEqualTo(Spread.ALL_GPUS);
    assertThat(placement.whollyOnGpus()).isTrue();
    GpuShare first = placement.gpus().get(0);
    GpuShare second = placement.gpus().get(1);
    assertThat(first.blocks()).isEqualTo(17);
    assertThat(first.holdsOutput()).isFalse();
    assertThat(first.bytes()).isEqualTo(mib(17 * 500 + 500)); // 9000 <= 10976
    assertThat(second.blocks()).isEqualTo(15);
    assertThat(second.holdsOutput()).isTrue();
    assertThat(second.bytes()).isEqualTo(mib(15 * 500 + 1000 + 500)); // 9000 <= 10976
    assertThat(placement.ram()).isEqualTo(mib(1500));
  }

  @Test
  void twoGpusTooSmallTogetherAreFilledFromTheBackAndTheRestStaysInRam() {
    // targets 8000 - 1024 = 6976. Proportional would give GPU 0 9000: too much, so fit.
    // GPU 1: 6976 - 500 - 1000 = 5476 -> 10 blocks (22..31) + output = 6500
    // GPU 0: 6976 - 500 = 6476 -> 12 blocks (10..21) = 6500; blocks 0..9 stay in RAM
    Placement placement = placer.place(MODEL, List.of(gpu(0, 8192, 8000), gpu(1, 8192, 8000)));

    assertThat(placement.gpus())
        .extracting(GpuShare::blocks, GpuShare::holdsOutput, GpuShare::bytes)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(12, false, mib(6500)),
            org.assertj.core.groups.Tuple.tuple(10, true, mib(6500)));
    assertThat(placement.cpuBlocks()).isEqualTo(10);
    // RAM: 10 blocks 5000 + compute 500 + embeddings 1000 + output buffer 500
    assertThat(placement.ram()).isEqualTo(mib(7000));
  }

  @Test
  void anIntegratedGpuIsNoPoolSoEverythingStaysInRam() {
    // 16000 + 1000 + 1000 + 500 + 500 = 19000, with one compute buffer (the CPU's)
    Placement placement = placer.place(MODEL, List.of(integrated(0)));

    assertThat(placement.spread()).isEqualTo(Spread.CPU_ONLY);
    assertThat(placement.gpus()).isEmpty();
    assertThat(placement.cpuBlocks()).isEqualTo(32);
    assertThat(placement.ram()).isEqualTo(mib(19000));
  }

  @Test
  void theMarginIsConfigurable() {
    // margin 0: target 12000; 12000 - 500 - 1000 = 10500 = 21 blocks; 11 stay in RAM
    Placement placement =
        new LayerPlacer(ByteSize.ZERO).place(MODEL, List.of(gpu(0, 12288, 12000)));

    assertThat(placement.gpus().get(0).blocks()).isEqualTo(21);
    assertThat(placement.cpuBlocks()).isEqualTo(11);
  }

  @Test
  void aGpuTooFullForTheOutputLayerHoldsNothingAndEverythingStaysInRam() {
    // target 2000 - 1024 = 976 < compute 500 + output layer 1000
    Placement placement = placer.place(MODEL, List.of(gpu(0, 4096, 2000)));

    assertThat(placement.gpus().get(0).layers()).isZero();
    assertThat(placement.gpus().get(0).bytes()).isEqualTo(ByteSize.ZERO);
    assertThat(placement.vram()).isEqualTo(ByteSize.ZERO);
    assertThat(placement.ram()).isEqualTo(MODEL.total());
  }

  @Test
  void evenlySplitBlocksKeepEveryByte() {
    ModelLayers odd =
        ModelLayers.evenly(
            3,
            ByteSize.ofBytes(10),
            ByteSize.ofBytes(4),
            ByteSize.ZERO,
            ByteSize.ZERO,
            ByteSize.ZERO,
            ByteSize.ZERO);

    assertThat(odd.blockWeights()).extracting(ByteSize::bytes).containsExactly(4L, 3L, 3L);
    assertThat(odd.blockKvCache()).extracting(ByteSize::bytes).containsExactly(2L, 1L, 1L);
    assertThat(odd.total()).isEqualTo(ByteSize.ofBytes(14));
  }

  @Test
  void blocksAndKvCacheMustPair() {
    assertThatThrownBy(
            () ->
                new ModelLayers(
                    List.of(mib(1), mib(1)),
                    List.of(mib(1)),
                    ByteSize.ZERO,
                    ByteSize.ZERO,
                    ByteSize.ZERO,
                    ByteSize.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("2 blocks of weights but 1 of KV cache: give one KV size per block");
  }

  static ByteSize mib(long mebibytes) {
    return ByteSize.ofBytes(mebibytes << 20);
  }

  static GpuDevice gpu(int index, long totalMib, long freeMib) {
    return new GpuDevice(
        index,
        "GPU-" + index,
        "test GPU " + index,
        mib(totalMib),
        mib(totalMib - freeMib),
        mib(freeMib),
        GpuDevice.Kind.DISCRETE,
        "CUDA");
  }

  static GpuDevice integrated(int index) {
    return new GpuDevice(
        index,
        "GPU-" + index,
        "APU",
        mib(512),
        mib(100),
        mib(412),
        GpuDevice.Kind.INTEGRATED,
        "ROCm");
  }
}
