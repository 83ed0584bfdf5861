package io.github.smartload.proc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.smartload.core.port.MemoryProbeException;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CgroupMembershipTest {

  private static final Path FILE = Path.of("/proc/self/cgroup");

  @Test
  void aPureV2HostHasOnlyTheUnifiedPath() {
    assertThat(CgroupMembership.parse("0::/system.slice/ollama.service\n", FILE))
        .isEqualTo(
            new CgroupMembership(Optional.empty(), Optional.of("/system.slice/ollama.service")));
  }

  @Test
  void aHybridHostHasBoth() {
    CgroupMembership membership =
        CgroupMembership.parse(Fixtures.text("cgroup-v1", "proc/self/cgroup"), FILE);

    assertThat(membership.memoryV1()).contains("/docker/abc123");
    assertThat(membership.unifiedV2()).contains("/docker/abc123");
  }

  @Test
  void findsMemoryAmongSeveralControllers() {
    CgroupMembership membership =
        CgroupMembership.parse("3:cpu,memory:/a\n2:memory_x:/b\n1:name=systemd:/c\n", FILE);

    assertThat(membership.memoryV1()).contains("/a");
    assertThat(membership.unifiedV2()).isEmpty();
  }

  @Test
  void aMalformedLineIsNamed() {
    assertThatThrownBy(() -> CgroupMembership.parse("0::/ok\n4:memory\n", FILE))
        .isInstanceOf(MemoryProbeException.class)
        .hasMessage("/proc/self/cgroup line '4:memory' is not 'id:controllers:/path'");
  }
}
