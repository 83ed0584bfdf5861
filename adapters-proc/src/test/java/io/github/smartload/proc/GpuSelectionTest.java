package io.github.smartload.proc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.smartload.core.ByteSize;
import io.github.smartload.core.GpuDevice;
import io.github.smartload.core.port.GpuProbe;
import java.util.List;
import org.junit.jupiter.api.Test;

class GpuSelectionTest {

  private final GpuProbe nvidia = () -> List.of(device(0, "GPU-n", "CUDA"));
  private final GpuProbe amd = () -> List.of(device(0, "amd-0", "ROCm"));

  @Test
  void autoAsksBothVendorsNvidiaFirst() {
    assertThat(GpuSelection.AUTO.probe(nvidia, amd).devices())
        .extracting(GpuDevice::id)
        .containsExactly("GPU-n", "amd-0");
  }

  @Test
  void aVendorAsksOnlyItsOwnAndNoneAsksNobody() {
    assertThat(GpuSelection.NVIDIA.probe(nvidia, amd).devices())
        .extracting(GpuDevice::id)
        .containsExactly("GPU-n");
    assertThat(GpuSelection.AMD.probe(nvidia, amd).devices())
        .extracting(GpuDevice::id)
        .containsExactly("amd-0");
    assertThat(GpuSelection.NONE.probe(nvidia, amd).devices()).isEmpty();
  }

  @Test
  void parsesAnyCaseAndNamesTheChoicesOtherwise() {
    assertThat(GpuSelection.parse("NVIDIA")).isEqualTo(GpuSelection.NVIDIA);
    assertThat(GpuSelection.AUTO).hasToString("auto");
    assertThatThrownBy(() -> GpuSelection.parse("intel"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("'intel' is not a GPU choice: use auto, none, nvidia or amd");
  }

  private static GpuDevice device(int index, String id, String library) {
    ByteSize gib = ByteSize.ofBytes(1L << 30);
    return new GpuDevice(index, id, id, gib, ByteSize.ZERO, gib, GpuDevice.Kind.DISCRETE, library);
  }
}
