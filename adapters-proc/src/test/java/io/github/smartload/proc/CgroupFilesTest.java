package io.github.smartload.proc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.smartload.core.ByteSize;
import io.github.smartload.core.port.MemoryProbeException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CgroupFilesTest {

  private static final Path STAT = Path.of("/sys/fs/cgroup/a/memory.stat");

  @Test
  void findsAStatKeyByItsWholeName() {
    String stat = "total_inactive_file 7\ninactive_filex 8\ninactive_file 9\n";

    assertThat(CgroupFiles.statValue(stat, STAT, "inactive_file")).contains(ByteSize.ofBytes(9));
    assertThat(CgroupFiles.statValue(stat, STAT, "total_inactive_file"))
        .contains(ByteSize.ofBytes(7));
    assertThat(CgroupFiles.statValue(stat, STAT, "active_file")).isEmpty();
  }

  @Test
  void aBadStatValueIsNamed() {
    assertThatThrownBy(() -> CgroupFiles.statValue("inactive_file x1\n", STAT, "inactive_file"))
        .isInstanceOf(MemoryProbeException.class)
        .hasMessage(STAT + " field inactive_file 'x1': not a whole number");
  }

  @Test
  void aMissingCounterFileIsNamed(@TempDir Path dir) {
    assertThatThrownBy(() -> CgroupFiles.bytes(dir.resolve("memory.current")))
        .isInstanceOf(MemoryProbeException.class)
        .hasMessage(dir.resolve("memory.current") + " is missing");
  }

  @Test
  void readsACounterFile(@TempDir Path dir) {
    Path file = Fixtures.write(dir, "memory.current", "123456\n");

    assertThat(CgroupFiles.bytes(file)).isEqualTo(ByteSize.ofBytes(123456));
  }
}
