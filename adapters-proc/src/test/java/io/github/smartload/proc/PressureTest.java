package io.github.smartload.proc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.smartload.core.MemoryPressure;
import io.github.smartload.core.port.MemoryProbeException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PressureTest {

  private static final Path FILE = Path.of("/proc/pressure/memory");

  @Test
  void readsSomeAndFullAvg10() {
    Path file = Fixtures.root("host-32g").resolve("proc/pressure/memory");

    assertThat(Pressure.read(file)).contains(new MemoryPressure(1.25, 0.50));
  }

  @Test
  void aKernelWithoutPsiHasNoPressure(@TempDir Path dir) {
    assertThat(Pressure.read(dir.resolve("pressure/memory"))).isEmpty();
  }

  @Test
  void aFileThatCannotBeReadMeansPsiIsDisabled(@TempDir Path dir) {
    // A directory stands in for psi=0's file that exists but refuses reads.
    assertThat(Pressure.read(dir)).isEmpty();
  }

  @Test
  void aMissingLineIsNamed() {
    assertThatThrownBy(() -> Pressure.parse("some avg10=0.00 avg60=0.00\n", FILE))
        .isInstanceOf(MemoryProbeException.class)
        .hasMessage("/proc/pressure/memory has no 'full avg10' figure");
  }

  @Test
  void aValueThatIsNotAPercentageIsNamed() {
    assertThatThrownBy(() -> Pressure.parse("some avg10=abc\nfull avg10=0.00\n", FILE))
        .isInstanceOf(MemoryProbeException.class)
        .hasMessage(
            "/proc/pressure/memory field 'some avg10' is 'abc', not a percentage from 0 to 100");
    assertThatThrownBy(() -> Pressure.parse("some avg10=1\nfull avg10=120.5\n", FILE))
        .isInstanceOf(MemoryProbeException.class)
        .hasMessageContaining("'full avg10' is '120.5'");
  }
}
