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
}
