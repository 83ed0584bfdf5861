package io.github.smartload.proc;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.smartload.core.MemorySource;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CgroupLocatorTest {

  private static final long GIB = 1L << 30;

  @Test
  void anOllamaStartedLaterIsFoundOnceTheRescanIsDue(@TempDir Path root) {
    Fixtures.write(root, "sys/fs/cgroup/ollama.service/memory.max", Long.toString(4 * GIB));
    Fixtures.write(root, "sys/fs/cgroup/ollama.service/memory.current", Long.toString(GIB));
    Fixtures.write(root, "sys/fs/cgroup/ollama.service/memory.stat", "inactive_file 0\n");
    AtomicLong nanos = new AtomicLong();
    CgroupLocator locator =
        new CgroupLocator(root.resolve("proc"), root.resolve("sys"), Optional.empty(), nanos::get);

    assertThat(locator.find()).isEmpty();
    Fixtures.write(root, "proc/900/comm", "ollama\n");
    Fixtures.write(root, "proc/900/cgroup", "0::/ollama.service\n");
    assertThat(locator.find()).as("within the rescan interval").isEmpty();

    nanos.addAndGet(CgroupLocator.RESCAN_AFTER.toNanos());
    Optional<CgroupLimit> limit = locator.find();

    assertThat(limit).isPresent();
    assertThat(limit.get().kind()).isEqualTo(MemorySource.Kind.CGROUP_V2);
    assertThat(limit.get().room().bytes()).isEqualTo(3 * GIB);
  }

  @Test
  void aRestartedOllamaIsFoundAgainAtOnce(@TempDir Path root) {
    Fixtures.write(root, "sys/fs/cgroup/a/memory.max", "1000\n");
    Fixtures.write(root, "sys/fs/cgroup/a/memory.current", "100\n");
    Fixtures.write(root, "sys/fs/cgroup/a/memory.stat", "inactive_file 0\n");
    Fixtures.write(root, "proc/10/comm", "ollama\n");
    Fixtures.write(root, "proc/10/cgroup", "0::/a\n");
    CgroupLocator locator =
        new CgroupLocator(root.resolve("proc"), root.resolve("sys"), Optional.empty(), () -> 0);
    assertThat(locator.find()).isPresent();

    Fixtures.write(root, "proc/10/comm", "bash\n");
    Fixtures.write(root, "proc/20/comm", "ollama\n");
    Fixtures.write(root, "proc/20/cgroup", "0::/a\n");

    assertThat(locator.find()).isPresent();
  }

  @Test
  void ownMembershipIsReadAgainOnceTheIntervalPasses(@TempDir Path root) {
    Fixtures.write(root, "sys/fs/cgroup/a/memory.max", "1000\n");
    Fixtures.write(root, "sys/fs/cgroup/a/memory.current", "100\n");
    Fixtures.write(root, "sys/fs/cgroup/a/memory.stat", "inactive_file 0\n");
    Fixtures.write(root, "proc/self/cgroup", "0::/\n");
    AtomicLong nanos = new AtomicLong();
    CgroupLocator locator =
        new CgroupLocator(root.resolve("proc"), root.resolve("sys"), Optional.empty(), nanos::get);
    assertThat(locator.find()).isEmpty();

    Fixtures.write(root, "proc/self/cgroup", "0::/a\n");
    assertThat(locator.find()).as("remembered").isEmpty();
    nanos.addAndGet(CgroupLocator.RESCAN_AFTER.toNanos());

    assertThat(locator.find()).isPresent();
  }

  @Test
  void anOllamaWithoutACgroupFileFallsBackToOwnCgroup(@TempDir Path root) {
    Fixtures.write(root, "proc/7/comm", "ollama\n");
    Fixtures.write(root, "proc/self/cgroup", "0::/a\n");
    Fixtures.write(root, "sys/fs/cgroup/a/memory.max", "1000\n");
    Fixtures.write(root, "sys/fs/cgroup/a/memory.current", "100\n");
    Fixtures.write(root, "sys/fs/cgroup/a/memory.stat", "inactive_file 0\n");
    CgroupLocator locator =
        new CgroupLocator(root.resolve("proc"), root.resolve("sys"), Optional.empty(), () -> 0);

    assertThat(locator.find().map(CgroupLimit::dir)).contains(root.resolve("sys/fs/cgroup/a"));
  }
}
