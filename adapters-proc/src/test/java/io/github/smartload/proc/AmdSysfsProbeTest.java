package io.github.smartload.proc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.smartload.core.ByteSize;
import io.github.smartload.core.GpuDevice;
import io.github.smartload.core.port.GpuProbeException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The amdgpu sysfs trees under {@code roots/amd-*}: a discrete card and an APU. */
class AmdSysfsProbeTest {

  private static final long GIB = 1L << 30;

  @Test
  void readsADiscreteCardAndSkipsOtherVendorsAndConnectors() {
    // card0 is Intel's; card1-DP-1 is a connector, renderD128 a render node
    var devices = new AmdSysfsProbe(Fixtures.root("amd-discrete").resolve("sys")).devices();

    assertThat(devices)
        .containsExactly(
            new GpuDevice(
                0,
                "f4a1d3b2c9e07a11",
                "AMD GPU 0x744c",
                ByteSize.ofBytes(25753026560L),
                ByteSize.ofBytes(1112473600L),
                ByteSize.ofBytes(25753026560L - 1112473600L),
                GpuDevice.Kind.DISCRETE,
                "ROCm"));
  }

  @Test
  void anApuWithASmallCarveOutBesideItsGttIsIntegrated() {
    // 512 MiB of VRAM, 15 GiB of GTT; no unique_id, so the PCI address names it
    var devices = new AmdSysfsProbe(Fixtures.root("amd-apu").resolve("sys")).devices();

    assertThat(devices)
        .singleElement()
        .satisfies(
            gpu -> {
              assertThat(gpu.kind()).isEqualTo(GpuDevice.Kind.INTEGRATED);
              assertThat(gpu.id()).isEqualTo("0000:c4:00.0");
              assertThat(gpu.name()).isEqualTo("AMD GPU 0x15bf");
              assertThat(gpu.free()).isEqualTo(ByteSize.ofBytes(536870912L - 123731968L));
            });
  }

  @Test
  void aDiscreteCardOnAMachineWithMuchRamStaysDiscrete() {
    // 8 GiB of VRAM beside 128 GiB of GTT (256 GB of RAM): large GTT alone makes no APU
    assertThat(AmdSysfsProbe.integrated(gib(8), gib(128))).isFalse();
    assertThat(AmdSysfsProbe.integrated(gib(2), gib(8))).isTrue();
    assertThat(AmdSysfsProbe.integrated(gib(2), gib(7))).isFalse();
  }

  @Test
  void noDrmDirectoryIsNoGpu(@TempDir Path sysfs) {
    assertThat(new AmdSysfsProbe(sysfs).devices()).isEmpty();
  }

  @Test
  void aFieldThatIsNoNumberIsNamed(@TempDir Path sysfs) {
    Fixtures.write(sysfs, "class/drm/card0/device/vendor", "0x1002\n");
    Path total = Fixtures.write(sysfs, "class/drm/card0/device/mem_info_vram_total", "lots\n");

    assertThatThrownBy(new AmdSysfsProbe(sysfs)::devices)
        .isInstanceOf(GpuProbeException.class)
        .hasMessage(total + " holds 'lots', expected a number of bytes");
  }

  private static ByteSize gib(long gibibytes) {
    return ByteSize.ofBytes(gibibytes * GIB);
  }
}
