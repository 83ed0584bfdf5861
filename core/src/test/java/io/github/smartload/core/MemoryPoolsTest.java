package io.github.smartload.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class MemoryPoolsTest {

  private final MemorySnapshot ram = MemorySnapshot.given(ByteSize.ofGigabytes("16"));

  private static GpuDevice gpu(int index, String free, GpuDevice.Kind kind) {
    return new GpuDevice(
        index,
        "GPU-" + index,
        "card " + index,
        ByteSize.ofGigabytes("24"),
        ByteSize.ofGigabytes("24").minusOrZero(ByteSize.ofGigabytes(free)),
        ByteSize.ofGigabytes(free),
        kind,
        "CUDA");
  }

  @Test
  void anIntegratedGpuIsListedButIsNoPoolOfItsOwn() {
    MemoryPools pools =
        MemoryPools.of(
            ram,
            List.of(
                gpu(0, "20", GpuDevice.Kind.DISCRETE),
                gpu(1, "8", GpuDevice.Kind.INTEGRATED),
                gpu(2, "3.5", GpuDevice.Kind.DISCRETE)));

    assertThat(pools.gpus()).hasSize(3);
    assertThat(pools.vramPools()).extracting(GpuDevice::index).containsExactly(0, 2);
    assertThat(pools.freeVram()).isEqualTo(ByteSize.ofGigabytes("23.5"));
  }

  @Test
  void withoutGpusThereIsOnlyRam() {
    MemoryPools pools = MemoryPools.ramOnly(ram);

    assertThat(pools.vramPools()).isEmpty();
    assertThat(pools.freeVram()).isEqualTo(ByteSize.ZERO);
    assertThat(pools.gpuError()).isEmpty();
  }

  @Test
  void aFailedGpuToolLeavesARamOnlyReadingThatSaysWhy() {
    MemoryPools pools = MemoryPools.gpuFailed(ram, "nvidia-smi cannot talk to the driver");

    assertThat(pools.ram()).isEqualTo(ram);
    assertThat(pools.gpus()).isEmpty();
    assertThat(pools.gpuError()).contains("nvidia-smi cannot talk to the driver");
    assertThatThrownBy(
            () ->
                new MemoryPools(
                    ram,
                    List.of(gpu(0, "1", GpuDevice.Kind.DISCRETE)),
                    java.util.Optional.of("failed")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("lists no GPUs");
  }

  private static LoadedModel holding(String ram, String vram) {
    return new LoadedModel(
        ModelName.parse("m:" + ram + "-" + vram),
        ByteSize.ofGigabytes(ram).plus(ByteSize.ofGigabytes(vram)),
        ByteSize.ofGigabytes(vram),
        java.time.Instant.parse("2026-11-30T10:00:00Z"));
  }

  @Test
  void unloadedModelsGiveTheirRamToRamAndTheirVramToTheOneGpu() {
    MemoryPools pools =
        MemoryPools.of(
            MemorySnapshot.given(ByteSize.ofGigabytes("4")),
            List.of(gpu(0, "6", GpuDevice.Kind.DISCRETE), gpu(1, "8", GpuDevice.Kind.INTEGRATED)));

    MemoryPools freed = pools.withFreed(List.of(holding("1", "12"), holding("2", "0")));

    assertThat(freed.ram().available()).isEqualTo(ByteSize.ofGigabytes("4")); // at most the total
    assertThat(freed.gpus().get(0).free()).isEqualTo(ByteSize.ofGigabytes("18"));
    assertThat(freed.gpus().get(0).used()).isEqualTo(ByteSize.ofGigabytes("6"));
    assertThat(freed.gpus().get(1)).isEqualTo(pools.gpus().get(1));
  }

  @Test
  void withSeveralGpusTheVramIsSharedByWhatEachUses() {
    // GPU 0 uses 18 GB, GPU 1 uses 6 GB: 12 GB of VRAM back is counted 9 + 3.
    MemoryPools pools =
        MemoryPools.of(
            MemorySnapshot.given(ByteSize.ofGigabytes("16")),
            List.of(gpu(0, "6", GpuDevice.Kind.DISCRETE), gpu(1, "18", GpuDevice.Kind.DISCRETE)));

    MemoryPools freed = pools.withFreed(List.of(holding("0", "12")));

    assertThat(freed.gpus().get(0).free()).isEqualTo(ByteSize.ofGigabytes("15"));
    assertThat(freed.gpus().get(1).free()).isEqualTo(ByteSize.ofGigabytes("21"));
  }
}
