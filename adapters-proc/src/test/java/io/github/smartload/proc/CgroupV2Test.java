package io.github.smartload.proc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.smartload.core.MemorySource;
import io.github.smartload.core.port.MemoryProbeException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CgroupV2Test {

  private static final long GIB = 1L << 30;

  @Test
  void readsLimitUsageAndInactiveFile() {
    Path dir = Fixtures.root("cgroup-v2-limited").resolve("sys/fs/cgroup/docker/abc123");

    CgroupLimit limit = CgroupV2.read(dir).orElseThrow();

    assertThat(limit.kind()).isEqualTo(MemorySource.Kind.CGROUP_V2);
    assertThat(limit.limit().bytes()).isEqualTo(8 * GIB);
    assertThat(limit.workingSet().bytes()).isEqualTo(2 * GIB);
    assertThat(limit.room().bytes()).isEqualTo(6 * GIB);
  }

  @Test
  void maxMeansNoLimit() {
    Path dir = Fixtures.root("cgroup-v2-unlimited").resolve("sys/fs/cgroup/user.slice");

    assertThat(CgroupV2.read(dir)).isEmpty();
  }

  @Test
  void theRootCgroupHasNoMemoryMaxAndSoNoLimit() {
    assertThat(CgroupV2.read(Fixtures.root("cgroup-v2-limited").resolve("sys/fs/cgroup")))
        .isEmpty();
  }

  @Test
  void aParentSlicesTighterLimitBindsTheChild(@TempDir Path mount) {
    Fixtures.write(mount, "slice/memory.max", Long.toString(4 * GIB));
    Fixtures.write(mount, "slice/memory.current", Long.toString(3 * GIB));
    Fixtures.write(mount, "slice/memory.stat", "inactive_file 0\n");
    Fixtures.write(mount, "slice/child/memory.max", Long.toString(8 * GIB));
    Fixtures.write(mount, "slice/child/memory.current", Long.toString(GIB));
    Fixtures.write(mount, "slice/child/memory.stat", "active_file 5\ninactive_file 0\n");

    CgroupLimit limit = CgroupV2.readTightest(mount, mount.resolve("slice/child")).orElseThrow();

    assertThat(limit.dir()).isEqualTo(mount.resolve("slice"));
    assertThat(limit.room().bytes()).isEqualTo(GIB);
  }

  @Test
  void aMalformedLimitIsNamed(@TempDir Path dir) {
    Fixtures.write(dir, "memory.max", "8G\n");

    assertThatThrownBy(() -> CgroupV2.read(dir))
        .isInstanceOf(MemoryProbeException.class)
        .hasMessage(dir.resolve("memory.max") + " field memory.max '8G': not a whole number");
  }

  @Test
  void aLimitWithoutInactiveFileIsRefused(@TempDir Path dir) {
    Fixtures.write(dir, "memory.max", "1000\n");
    Fixtures.write(dir, "memory.current", "10\n");
    Fixtures.write(dir, "memory.stat", "anon 10\ninactive_anon 0\n");

    assertThatThrownBy(() -> CgroupV2.read(dir))
        .isInstanceOf(MemoryProbeException.class)
        .hasMessage(dir.resolve("memory.stat") + " has no inactive_file field");
  }

  @Test
  void aLimitWithoutUsageIsRefused(@TempDir Path dir) {
    Fixtures.write(dir, "memory.max", "1000\n");

    assertThatThrownBy(() -> CgroupV2.read(dir))
        .isInstanceOf(MemoryProbeException.class)
        .hasMessage(dir.resolve("memory.current") + " is missing");
  }
}
