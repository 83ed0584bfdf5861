package io.github.smartload.proc;

import static io.github.smartload.proc.Fixtures.KIB;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.smartload.core.ByteSize;
import io.github.smartload.core.MemoryPressure;
import io.github.smartload.core.MemorySnapshot;
import io.github.smartload.core.MemorySource;
import io.github.smartload.core.port.MemoryProbeException;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcMemoryProbeTest {

  private static final long GIB = 1L << 30;
  private static final long HOST_TOTAL = 32_594_980 * KIB;
  private static final long HOST_AVAILABLE = 24_902_344 * KIB;

  @Test
  void aPlainHostReadsMeminfoAndPressure() {
    Path root = Fixtures.root("host-32g");

    MemorySnapshot snapshot = Fixtures.probe("host-32g").read();

    assertThat(snapshot.total().bytes()).isEqualTo(HOST_TOTAL);
    assertThat(snapshot.available()).hasToString("25.5 GB");
    assertThat(snapshot.swapTotal().bytes()).isEqualTo(8_388_604 * KIB);
    assertThat(snapshot.swapUsed().bytes()).isZero();
    assertThat(snapshot.source())
        .isEqualTo(
            new MemorySource(MemorySource.Kind.HOST, root.resolve("proc/meminfo").toString()));
    assertThat(snapshot.pressure()).contains(new MemoryPressure(1.25, 0.5));
  }

  @Test
  void anOldKernelSaysItsFigureIsAnEstimate() {
    MemorySnapshot snapshot = Fixtures.probe("old-kernel").read();

    assertThat(snapshot.source().kind()).isEqualTo(MemorySource.Kind.HOST_ESTIMATE);
    assertThat(snapshot.available().bytes()).isPositive().isLessThan(snapshot.total().bytes());
    assertThat(snapshot.pressure()).isEmpty();
  }

  // No ollama process in these roots: the limit read is smartload's own cgroup's, and says so.
  @Test
  void aContainerLimitOnCgroupV2Wins() {
    Path cgroup = Fixtures.root("cgroup-v2-limited").resolve("sys/fs/cgroup/docker/abc123");

    MemorySnapshot snapshot = Fixtures.probe("cgroup-v2-limited").read();

    assertThat(snapshot.total().bytes()).isEqualTo(8 * GIB);
    assertThat(snapshot.available().bytes()).isEqualTo(8 * GIB - (3 * GIB - GIB));
    assertThat(snapshot.source())
        .isEqualTo(new MemorySource(MemorySource.Kind.OWN_CGROUP, cgroup.toString()));
  }

  @Test
  void anUnlimitedCgroupV2LeavesTheHostsFigure() {
    MemorySnapshot snapshot = Fixtures.probe("cgroup-v2-unlimited").read();

    assertThat(snapshot.source().kind()).isEqualTo(MemorySource.Kind.HOST);
    assertThat(snapshot.total().bytes()).isEqualTo(HOST_TOTAL);
    assertThat(snapshot.available().bytes()).isEqualTo(HOST_AVAILABLE);
  }

  @Test
  void aContainerLimitOnCgroupV1Wins() {
    MemorySnapshot snapshot = Fixtures.probe("cgroup-v1").read();

    assertThat(snapshot.source().kind()).isEqualTo(MemorySource.Kind.OWN_CGROUP);
    assertThat(snapshot.source().detail()).endsWith("sys/fs/cgroup/memory/docker/abc123");
    assertThat(snapshot.total().bytes()).isEqualTo(6_000_000_000L);
    assertThat(snapshot.available().bytes()).isEqualTo(4_000_000_000L);
  }

  @Test
  void theOllamaServersLimitCountsNotSmartloadsOwn() {
    MemorySnapshot snapshot = Fixtures.probe("ollama-limited").read();

    assertThat(snapshot.source().kind()).isEqualTo(MemorySource.Kind.CGROUP_V2);
    assertThat(snapshot.source().detail()).endsWith("system.slice/ollama.service");
    assertThat(snapshot.total().bytes()).isEqualTo(12 * GIB);
    assertThat(snapshot.available().bytes()).isEqualTo(12 * GIB - (7 * GIB - GIB / 2));
  }

  @Test
  void aNamedCgroupOverridesTheSearch() {
    Path root = Fixtures.root("ollama-limited");

    MemorySnapshot ownSession =
        Fixtures.probe(root, Optional.of("/user.slice/user-1000.slice/session-2.scope")).read();
    MemorySnapshot service =
        Fixtures.probe(root, Optional.of("/system.slice/ollama.service")).read();

    assertThat(ownSession.source().kind()).isEqualTo(MemorySource.Kind.HOST);
    assertThat(service.source().kind()).isEqualTo(MemorySource.Kind.CGROUP_V2);
  }

  @Test
  void aNamedCgroupV1IsFound() {
    MemorySnapshot snapshot =
        Fixtures.probe(Fixtures.root("cgroup-v1"), Optional.of("/docker/abc123")).read();

    assertThat(snapshot.source().kind()).isEqualTo(MemorySource.Kind.CGROUP_V1);
  }

  @Test
  void aNamedCgroupThatDoesNotExistIsAClearError() {
    Path root = Fixtures.root("ollama-limited");

    assertThatThrownBy(() -> Fixtures.probe(root, Optional.of("/nope.service")).read())
        .isInstanceOf(MemoryProbeException.class)
        .hasMessageStartingWith("no cgroup /nope.service under ")
        .hasMessageEndingWith(": check --cgroup against /proc/PID/cgroup of the Ollama server");
  }

  @Test
  void aLimitLooserThanTheHostLeavesTheHostAsSourceButNamesTheCgroup(@TempDir Path root) {
    Fixtures.write(root, "proc/meminfo", Fixtures.text("host-32g", "proc/meminfo"));
    Fixtures.write(root, "proc/self/cgroup", "0::/big\n");
    Fixtures.write(root, "sys/fs/cgroup/big/memory.max", Long.toString(30 * GIB));
    Fixtures.write(root, "sys/fs/cgroup/big/memory.current", Long.toString(GIB));
    Fixtures.write(root, "sys/fs/cgroup/big/memory.stat", "inactive_file 0\n");

    MemorySnapshot snapshot = Fixtures.probe(root, Optional.empty()).read();

    assertThat(snapshot.source().kind()).isEqualTo(MemorySource.Kind.HOST);
    assertThat(snapshot.source().detail())
        .endsWith("within cgroup " + root.resolve("sys/fs/cgroup/big"));
    assertThat(snapshot.total().bytes()).isEqualTo(30 * GIB);
    assertThat(snapshot.available().bytes()).isEqualTo(HOST_AVAILABLE);
  }

  @Test
  void aCgroupV1ParentsLimitIsMeasuredAgainstTheParentsOwnUsage(@TempDir Path root) {
    // The slice holds a 16 GB limit and its other services use 15 GB of it: ollama's own 1 GB of
    // usage does not leave it 15 GB, only the slice's last 1 GB.
    Fixtures.write(root, "proc/meminfo", Fixtures.text("host-32g", "proc/meminfo"));
    Fixtures.write(root, "proc/self/cgroup", "4:memory:/system.slice/ollama.service\n");
    String slice = "sys/fs/cgroup/memory/system.slice/";
    Fixtures.write(root, slice + "memory.limit_in_bytes", "16000000000\n");
    Fixtures.write(root, slice + "memory.usage_in_bytes", "15000000000\n");
    Fixtures.write(root, slice + "memory.stat", "total_inactive_file 0\n");
    String service = slice + "ollama.service/";
    Fixtures.write(root, service + "memory.limit_in_bytes", "9223372036854771712\n");
    Fixtures.write(root, service + "memory.usage_in_bytes", "1000000000\n");
    Fixtures.write(
        root,
        service + "memory.stat",
        "hierarchical_memory_limit 16000000000\ntotal_inactive_file 0\n");

    MemorySnapshot snapshot = Fixtures.probe(root, Optional.empty()).read();

    assertThat(snapshot.available()).isEqualTo(ByteSize.ofGigabytes("1"));
    assertThat(snapshot.source().kind()).isEqualTo(MemorySource.Kind.OWN_CGROUP);
    assertThat(snapshot.source().detail()).endsWith("memory/system.slice");
  }

  @Test
  void aContainerSeesItsOwnCgroupAtTheMountPoint(@TempDir Path root) {
    // Without a cgroup namespace, /proc/self/cgroup names the host's path, not mounted here.
    Fixtures.write(root, "proc/meminfo", Fixtures.text("host-32g", "proc/meminfo"));
    Fixtures.write(root, "proc/self/cgroup", "0::/kubepods/pod1/ctr\n");
    Fixtures.write(root, "sys/fs/cgroup/memory.max", Long.toString(2 * GIB));
    Fixtures.write(root, "sys/fs/cgroup/memory.current", Long.toString(GIB));
    Fixtures.write(root, "sys/fs/cgroup/memory.stat", "inactive_file 0\n");

    MemorySnapshot snapshot = Fixtures.probe(root, Optional.empty()).read();

    assertThat(snapshot.source().kind()).isEqualTo(MemorySource.Kind.OWN_CGROUP);
    assertThat(snapshot.available().bytes()).isEqualTo(GIB);
  }

  @Test
  void theFakeOllamasBareMeminfoReadsAsAHost(@TempDir Path root) {
    Fixtures.write(
        root,
        "proc/meminfo",
        "MemTotal:       33554432 kB\nMemFree:        20000000 kB\nMemAvailable:   17578125 kB\n"
            + "Buffers:               0 kB\nCached:                0 kB\n"
            + "SwapTotal:       8388608 kB\nSwapFree:        8388608 kB\n");

    MemorySnapshot snapshot = Fixtures.probe(root, Optional.empty()).read();

    assertThat(snapshot.source().kind()).isEqualTo(MemorySource.Kind.HOST);
    assertThat(snapshot.available().bytes()).isEqualTo(18_000_000_000L);
    assertThat(snapshot.pressure()).isEmpty();
  }

  @Test
  void aRootWithoutMeminfoAsksWhetherThisIsLinux(@TempDir Path root) {
    assertThatThrownBy(() -> Fixtures.probe(root, Optional.empty()).read())
        .isInstanceOf(MemoryProbeException.class)
        .hasMessage(
            "no meminfo under " + root.resolve("proc") + ": is this Linux, or is --procfs wrong?");
  }

  @Test
  void aBrokenCgroupFileFailsTheReadRatherThanFallingBackToTheHost(@TempDir Path root) {
    Fixtures.write(root, "proc/meminfo", Fixtures.text("host-32g", "proc/meminfo"));
    Fixtures.write(root, "proc/self/cgroup", "0::/c\n");
    Fixtures.write(root, "sys/fs/cgroup/c/memory.max", "lots\n");

    assertThatThrownBy(() -> Fixtures.probe(root, Optional.empty()).read())
        .isInstanceOf(MemoryProbeException.class)
        .hasMessageContaining("memory.max 'lots'");
  }

  @Test
  void readsTheRealMachineItRunsOn() {
    Path proc = Path.of("/proc");
    org.junit.jupiter.api.Assumptions.assumeTrue(
        proc.resolve("meminfo").toFile().canRead(), "not Linux");

    MemorySnapshot snapshot = ProcMemoryProbe.ofHost().read();

    assertThat(snapshot.total().bytes()).isPositive();
    assertThat(snapshot.available()).isLessThanOrEqualTo(snapshot.total());
    assertThat(snapshot.available().bytes()).isPositive();
    assertThat(snapshot.swapFree()).isLessThanOrEqualTo(snapshot.swapTotal());
    assertThat(snapshot.source().kind())
        .isIn(
            MemorySource.Kind.HOST,
            MemorySource.Kind.HOST_ESTIMATE,
            MemorySource.Kind.CGROUP_V1,
            MemorySource.Kind.CGROUP_V2);
    assertThat(snapshot.source().detail()).isNotBlank();
  }

  @Test
  void theCapturedMeminfoOfARealMachineReads() {
    MemorySnapshot snapshot = Fixtures.probe("real-machine").read();

    assertThat(snapshot.source().kind()).isEqualTo(MemorySource.Kind.HOST);
    assertThat(snapshot.total().bytes()).isEqualTo(24_684_096 * KIB);
    assertThat(snapshot.available().bytes()).isEqualTo(24_187_756 * KIB);
    assertThat(snapshot.swapTotal().bytes()).isZero();
  }
}
