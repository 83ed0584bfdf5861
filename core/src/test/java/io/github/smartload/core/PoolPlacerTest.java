package io.github.smartload.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** By margin no split is known: the whole size on the roomiest GPU, or all of it in RAM. */
class PoolPlacerTest {

  private static final ByteSize GIB = ByteSize.ofBytes(1L << 30);

  private static GpuDevice gpu(int index, long freeGib) {
    ByteSize total = ByteSize.ofBytes(24 * GIB.bytes());
    ByteSize free = ByteSize.ofBytes(freeGib * GIB.bytes());
    return new GpuDevice(
        index,
        "GPU-" + index,
        "card",
        total,
        total.minusOrZero(free),
        free,
        GpuDevice.Kind.DISCRETE,
        "CUDA");
  }

  @Test
  void theWholeSizeGoesToTheRoomiestGpuWhenItFitsWithinTheMargin() {
    ByteSize required = ByteSize.ofBytes(15 * GIB.bytes());

    PoolDemand demand = PoolPlacer.whole(required).place(List.of(gpu(0, 10), gpu(1, 16)), GIB);

    assertThat(demand.whollyOnGpus()).isTrue();
    assertThat(demand.gpus())
        .singleElement()
        .satisfies(use -> assertThat(use.device().index()).isEqualTo(1));
    assertThat(demand.ram()).isEqualTo(ByteSize.ZERO);
    assertThat(demand.split()).isEqualTo(PlacementSplit.WHOLE);
  }

  @Test
  void otherwiseAllOfItStaysInRam() {
    ByteSize required = ByteSize.ofBytes(15 * GIB.bytes());

    // 16 GiB free - 1 GiB margin = 15 GiB: fits exactly; with a 2 GiB margin it does not.
    PoolDemand demand =
        PoolPlacer.whole(required).place(List.of(gpu(0, 16)), ByteSize.ofBytes(2 * GIB.bytes()));

    assertThat(demand.whollyOnGpus()).isFalse();
    assertThat(demand.gpus()).isEmpty();
    assertThat(demand.ram()).isEqualTo(required);
    assertThat(demand.spilled()).isEqualTo(required);
    assertThat(demand.split()).isEqualTo(PlacementSplit.WHOLE);
  }

  @Test
  void aPoolLineOfAWholeModelCountsNoLayers() {
    PoolUse holds =
        new PoolUse(
            "RAM",
            ByteSize.ofGigabytes("20"),
            ByteSize.ofGigabytes("18"),
            1,
            1,
            ByteSize.ZERO,
            OptionalInt.empty(),
            PlacementSplit.WHOLE);
    PoolUse empty =
        new PoolUse(
            "GPU 0 (card)",
            ByteSize.ofGigabytes("12"),
            ByteSize.ZERO,
            0,
            1,
            ByteSize.ZERO,
            OptionalInt.of(0),
            PlacementSplit.WHOLE);

    assertThat(holds).hasToString("RAM: 20.0 GB free, needs 18.0 GB, whole model");
    assertThat(empty).hasToString("GPU 0 (card): 12.0 GB free, needs 0.0 GB");
  }
}
