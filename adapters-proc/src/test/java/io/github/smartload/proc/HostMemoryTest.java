package io.github.smartload.proc;

import static io.github.smartload.proc.Fixtures.KIB;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.smartload.core.ByteSize;
import io.github.smartload.core.port.MemoryProbeException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class HostMemoryTest {

  private static final Path FILE = Path.of("/proc/meminfo");

  private static HostMemory host(String text) {
    return HostMemory.from(Meminfo.parse(text, FILE), ByteSize.ZERO);
  }

  @Test
  void readsTheOriginalsThirtyTwoGigabyteHost() {
    HostMemory host =
        HostMemory.from(
            Meminfo.parse(Fixtures.text("host-32g", "proc/meminfo"), FILE), ByteSize.ZERO);

    assertThat(host.total().bytes()).isEqualTo(32_594_980 * KIB);
    assertThat(host.available().bytes()).isEqualTo(24_902_344 * KIB);
    assertThat(host.available()).hasToString("25.5 GB");
    assertThat(host.swapTotal().bytes()).isEqualTo(8_388_604 * KIB);
    assertThat(host.swapFree()).isEqualTo(host.swapTotal());
    assertThat(host.estimated()).isFalse();
  }

  @Test
  void usesMemAvailableNotMemFree() {
    HostMemory host =
        host(
            "MemTotal: 100 kB\nMemFree: 10 kB\nMemAvailable: 60 kB\nSwapTotal: 0 kB\n"
                + "SwapFree: 0 kB\n");

    assertThat(host.available().bytes()).isEqualTo(60 * KIB);
  }

  @Test
  void estimatesAvailableOnAnOldKernelAsTheKernelDoes() {
    Path zoneinfo = Fixtures.root("old-kernel").resolve("proc/zoneinfo");
    ByteSize low = ZoneWatermarks.read(zoneinfo);
    HostMemory host =
        HostMemory.from(Meminfo.parse(Fixtures.text("old-kernel", "proc/meminfo"), FILE), low);

    long lowBytes = (6 + 1875 + 7375) * 4096L;
    long free = 2_000_000 * KIB;
    long pageCache = (4_000_000 + 2_000_000) * KIB;
    long slab = 400_000 * KIB;
    assertThat(low.bytes()).isEqualTo(lowBytes);
    assertThat(host.estimated()).isTrue();
    assertThat(host.available().bytes())
        .isEqualTo(free - lowBytes + pageCache - lowBytes + slab - lowBytes);
  }

  @Test
  void anEstimateWithoutLruSplitCountsCachedAndNeverGoesNegative() {
    HostMemory host =
        HostMemory.from(
            Meminfo.parse(
                "MemTotal: 1000 kB\nMemFree: 10 kB\nCached: 20 kB\nSwapTotal: 0 kB\n"
                    + "SwapFree: 0 kB\n",
                FILE),
            ByteSize.ofBytes(1_000_000));

    assertThat(host.estimated()).isTrue();
    assertThat(host.available()).isEqualTo(ByteSize.ZERO);
  }

  @Test
  void availableAboveTotalIsRefused() {
    assertThatThrownBy(
            () ->
                host(
                    "MemTotal: 100 kB\nMemFree: 10 kB\nMemAvailable: 160 kB\nSwapTotal: 0 kB\n"
                        + "SwapFree: 0 kB\n"))
        .isInstanceOf(MemoryProbeException.class)
        .hasMessage(
            "/proc/meminfo field MemAvailable (160 kB) exceeds MemTotal (100 kB):"
                + " the file is not sound");
  }

  @Test
  void freeSwapAboveTotalSwapIsRefused() {
    assertThatThrownBy(
            () ->
                host(
                    "MemTotal: 100 kB\nMemFree: 10 kB\nMemAvailable: 60 kB\nSwapTotal: 0 kB\n"
                        + "SwapFree: 4 kB\n"))
        .isInstanceOf(MemoryProbeException.class)
        .hasMessageContaining("field SwapFree (4 kB) exceeds SwapTotal (0 kB)");
  }

  @Test
  void anImpossibleTotalIsRefused() {
    assertThatThrownBy(
            () ->
                host(
                    "MemTotal: 9000000000000000 kB\nMemFree: 10 kB\nMemAvailable: 60 kB\n"
                        + "SwapTotal: 0 kB\nSwapFree: 0 kB\n"))
        .isInstanceOf(MemoryProbeException.class)
        .hasMessageContaining("field MemTotal is larger than any machine");
  }

  @Test
  void anOldKernelsPageCacheCannotExceedTheTotal() {
    assertThatThrownBy(
            () ->
                host(
                    "MemTotal: 100 kB\nMemFree: 10 kB\nActive(file): 900 kB\n"
                        + "Inactive(file): 1 kB\nSwapTotal: 0 kB\nSwapFree: 0 kB\n"))
        .isInstanceOf(MemoryProbeException.class)
        .hasMessageContaining("field Active(file) (900 kB) exceeds MemTotal");
  }
}
