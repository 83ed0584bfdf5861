package io.github.smartload.proc;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.smartload.core.MemorySnapshot;
import io.github.smartload.core.MemorySource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * While the runtime is not running (killed, restarting), memory is read from the cgroup it was last
 * seen in, and said to be so: never silently from the host or from smartload's own cgroup.
 */
class RuntimeGoneTest {

  private static final long GIB = 1L << 30;

  /** ollama.service's limit is 12 GiB with a 6.5 GiB working set; smartload's session has none. */
  private static final long SERVICE_ROOM = 12 * GIB - (7 * GIB - GIB / 2);

  @TempDir Path root;

  /** A writable copy of the ollama-limited root: Ollama runs as PID 812. */
  private Path machine() {
    Path from = Fixtures.root("ollama-limited");
    try (Stream<Path> files = Files.walk(from)) {
      for (Path file : files.toList()) {
        Path to = root.resolve(from.relativize(file).toString());
        if (Files.isDirectory(file)) {
          Files.createDirectories(to);
        } else {
          Files.copy(file, to);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return root;
  }

  private static ProcMemoryProbe probe(Path root, LastSeenCgroup lastSeen) {
    return new ProcMemoryProbe(
        root.resolve("proc"), root.resolve("sys"), Optional.empty(), lastSeen);
  }

  private static void delete(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(file);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The Ollama server exits: its /proc entry goes. */
  private static void ollamaExits(Path root) {
    delete(root.resolve("proc/812"));
  }

  @Test
  void whileTheRuntimeIsGoneMemoryIsTheLastKnownCgroupsNotSmartloadsOwn() {
    Path root = machine();
    ProcMemoryProbe probe = probe(root, LastSeenCgroup.inMemory());
    assertThat(probe.read().source().kind()).isEqualTo(MemorySource.Kind.CGROUP_V2);

    ollamaExits(root);
    MemorySnapshot gone = probe.read();

    assertThat(gone.source().kind()).isEqualTo(MemorySource.Kind.LAST_KNOWN_CGROUP);
    assertThat(gone.source().detail())
        .contains("system.slice/ollama.service")
        .contains("the runtime is not running");
    assertThat(gone.available().bytes()).isEqualTo(SERVICE_ROOM);
    assertThat(gone.total().bytes()).isEqualTo(12 * GIB);
  }

  @Test
  void theStateFileCarriesTheLastKnownCgroupToTheNextRun() {
    Path root = machine();
    Path state = root.resolve("state/smartload/runtime-cgroup");
    probe(root, LastSeenCgroup.persistedIn(state)).read(); // one `smartload status` run

    ollamaExits(root);
    MemorySnapshot nextRun = probe(root, LastSeenCgroup.persistedIn(state)).read();

    assertThat(nextRun.source().kind()).isEqualTo(MemorySource.Kind.LAST_KNOWN_CGROUP);
    assertThat(nextRun.available().bytes()).isEqualTo(SERVICE_ROOM);
  }

  @Test
  void aCgroupRemovedWithTheRuntimeKeepsTheLimitLastReadThere() {
    Path root = machine();
    ProcMemoryProbe probe = probe(root, LastSeenCgroup.inMemory());
    probe.read();

    ollamaExits(root);
    // systemd removes a stopped service's cgroup: its limit is known only from the last reading.
    delete(root.resolve("sys/fs/cgroup/system.slice/ollama.service"));
    MemorySnapshot gone = probe.read();

    assertThat(gone.source().kind()).isEqualTo(MemorySource.Kind.LAST_KNOWN_CGROUP);
    assertThat(gone.source().detail()).contains("ollama.service").contains("last limit 12.9 GB");
    assertThat(gone.total().bytes()).isEqualTo(12 * GIB);
    assertThat(gone.available().bytes()).isEqualTo(12 * GIB); // nothing runs in it any more
  }

  @Test
  void withNoRuntimeEverSeenSmartloadsOwnCgroupIsSaidToBeItsOwn() {
    MemorySnapshot snapshot = Fixtures.probe("cgroup-v2-limited").read();

    assertThat(snapshot.source().kind()).isEqualTo(MemorySource.Kind.OWN_CGROUP);
    assertThat(snapshot.source().detail()).endsWith("docker/abc123");
  }

  @Test
  void aNamedCgroupWinsOverTheLastKnownOne() {
    Path root = machine();
    LastSeenCgroup lastSeen = LastSeenCgroup.inMemory();
    probe(root, lastSeen).read();
    ollamaExits(root);

    MemorySnapshot named =
        new ProcMemoryProbe(
                root.resolve("proc"),
                root.resolve("sys"),
                Optional.of("/user.slice/user-1000.slice/session-2.scope"),
                lastSeen)
            .read();

    assertThat(named.source().kind()).isEqualTo(MemorySource.Kind.HOST);
  }

  @Test
  void anUnreadableStateFileIsTreatedAsNoneSeen() throws IOException {
    Path state = Fixtures.write(root, "state/runtime-cgroup", "v2 no slash\n\u0000");

    assertThat(LastSeenCgroup.persistedIn(state).recall()).isEmpty();
    assertThat(Files.exists(state)).isTrue();
  }
}
