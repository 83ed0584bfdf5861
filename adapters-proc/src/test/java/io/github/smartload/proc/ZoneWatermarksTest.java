package io.github.smartload.proc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.smartload.core.ByteSize;
import io.github.smartload.core.port.MemoryProbeException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ZoneWatermarksTest {

  @Test
  void sumsTheLowWatermarkOfEveryZoneInPages() {
    Path zoneinfo = Fixtures.root("old-kernel").resolve("proc/zoneinfo");

    assertThat(ZoneWatermarks.read(zoneinfo).bytes()).isEqualTo((6 + 1875 + 7375) * 4096L);
  }

  @Test
  void noZoneinfoMeansTheWatermarksAreUnknown(@TempDir Path dir) {
    assertThat(ZoneWatermarks.read(dir.resolve("zoneinfo"))).isEqualTo(ByteSize.ZERO);
  }

  @Test
  void aMalformedWatermarkIsNamed() {
    assertThatThrownBy(() -> ZoneWatermarks.parse("        low      lots\n", Path.of("/z")))
        .isInstanceOf(MemoryProbeException.class)
        .hasMessage("/z field low 'lots': not a page count");
  }
}
