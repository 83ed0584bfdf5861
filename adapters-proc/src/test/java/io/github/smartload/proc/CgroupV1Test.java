package io.github.smartload.proc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.smartload.core.MemorySource;
import io.github.smartload.core.port.MemoryProbeException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CgroupV1Test {

  @Test
  void readsLimitAndTheHierarchicalInactiveFile() {
    Path dir = Fixtures.root("cgroup-v1").resolve("sys/fs/cgroup/memory/docker/abc123");

    CgroupLimit limit = CgroupV1.read(dir).orElseThrow();

    assertThat(limit.kind()).isEqualTo(MemorySource.Kind.CGROUP_V1);
    assertThat(limit.limit().bytes()).isEqualTo(6_000_000_000L);
    assertThat(limit.workingSet().bytes()).isEqualTo(2_500_000_000L - 500_000_000L);
    assertThat(limit.room().bytes()).isEqualTo(4_000_000_000L);
  }

  @Test
  void theHugeDefaultMeansNoLimit(@TempDir Path dir) {
    // The value this build machine's own cgroup shows.
    Fixtures.write(dir, "memory.limit_in_bytes", "9223372036854771712\n");
    Fixtures.write(dir, "memory.stat", "hierarchical_memory_limit 9223372036854771712\n");

    assertThat(CgroupV1.read(dir)).isEmpty();
  }

  @Test
  void anAncestorsLimitReportedInStatBinds(@TempDir Path dir) {
    Fixtures.write(dir, "memory.limit_in_bytes", "9223372036854771712\n");
    Fixtures.write(dir, "memory.usage_in_bytes", "1000\n");
    Fixtures.write(dir, "memory.stat", "hierarchical_memory_limit 5000\ninactive_file 200\n");

    CgroupLimit limit = CgroupV1.read(dir).orElseThrow();

    assertThat(limit.limit().bytes()).isEqualTo(5000);
    assertThat(limit.room().bytes()).isEqualTo(4200);
  }

  @Test
  void withoutAHierarchicalLimitTheOwnLimitCounts(@TempDir Path dir) {
    Fixtures.write(dir, "memory.limit_in_bytes", "3000\n");
    Fixtures.write(dir, "memory.usage_in_bytes", "1000\n");
    Fixtures.write(dir, "memory.stat", "inactive_file 0\n");

    assertThat(CgroupV1.read(dir).orElseThrow().room().bytes()).isEqualTo(2000);
  }

  @Test
  void aNegativeLimitIsNamed(@TempDir Path dir) {
    Fixtures.write(dir, "memory.limit_in_bytes", "-1\n");
    Fixtures.write(dir, "memory.stat", "inactive_file 0\n");

    assertThatThrownBy(() -> CgroupV1.read(dir))
        .isInstanceOf(MemoryProbeException.class)
        .hasMessage(
            dir.resolve("memory.limit_in_bytes") + " field memory.limit_in_bytes '-1': negative");
  }

  @Test
  void noStatFileMeansNoMemoryController(@TempDir Path dir) {
    assertThat(CgroupV1.read(dir)).isEmpty();
  }
}
