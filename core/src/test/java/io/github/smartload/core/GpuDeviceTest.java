package io.github.smartload.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class GpuDeviceTest {

  @Test
  void freeMemoryCannotExceedTheTotal() {
    assertThatThrownBy(
            () ->
                new GpuDevice(
                    0,
                    "GPU-x",
                    "RTX",
                    ByteSize.ofBytes(10),
                    ByteSize.ZERO,
                    ByteSize.ofBytes(11),
                    GpuDevice.Kind.DISCRETE,
                    "CUDA"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("GPU 0 (RTX): free 0.0 GB exceeds total 0.0 GB");
  }

  @Test
  void onlyADiscreteDeviceIsAPoolOfItsOwn() {
    GpuDevice apu =
        new GpuDevice(
            1,
            "0000:c1:00.0",
            "Radeon 780M",
            ByteSize.ZERO,
            ByteSize.ZERO,
            ByteSize.ZERO,
            GpuDevice.Kind.INTEGRATED,
            "ROCm");

    assertThat(apu.isDiscrete()).isFalse();
    assertThat(apu).hasToString("GPU 1 (Radeon 780M)");
  }
}
