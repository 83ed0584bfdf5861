package io.github.smartload.proc;

import io.github.smartload.core.port.MemoryProbeException;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * Finds the memory limit of the cgroup models are loaded in: the one named by the operator, else
 * the {@code ollama} server's, else this process's own. No cgroup information at all (another OS's
 * layout, a test root) means no limit.
 */
final class CgroupLocator {

  private static final String OLLAMA_COMM = "ollama";

  /**
   * How long "no ollama process" stands before /proc is scanned again: a scan reads every process's
   * comm, too slow to repeat on every read of a busy host.
   */
  static final Duration RESCAN_AFTER = Duration.ofSeconds(5);

  private final Path procfs;
  private final Path cgroupMount;
  private final Optional<String> named;

  private final LongSupplier nanoTime;

  /** The ollama server's PID from the last scan, re-checked before use; 0 when none. */
  private volatile long ollamaPid;

  /** When the last scan found no ollama process, by {@link #nanoTime}; meaningless before. */
  private volatile long lastEmptyScan;

  private volatile boolean scanned;

  /** The membership last read, of the ollama server or (pid 0) of this process. */
  private volatile Remembered membership;

  private record Remembered(long pid, Optional<CgroupMembership> membership, long readAt) {}

  CgroupLocator(Path procfs, Path sysfs, Optional<String> named, LongSupplier nanoTime) {
    this.procfs = procfs;
    this.cgroupMount = sysfs.resolve("fs").resolve("cgroup");
    this.named = named;
    this.nanoTime = nanoTime;
  }

  Optional<CgroupLimit> find() {
    if (named.isPresent()) {
      return readNamed(named.get());
    }
    return membership().flatMap(this::read);
  }

  private Optional<CgroupLimit> readNamed(String path) {
    Path v2 = under(cgroupMount, path);
    if (Files.isRegularFile(v2.resolve("cgroup.controllers"))
        || Files.isRegularFile(v2.resolve("memory.max"))) {
      return CgroupV2.readTightest(cgroupMount, v2);
    }
    Path v1 = under(cgroupMount.resolve("memory"), path);
    if (Files.isRegularFile(v1.resolve("memory.limit_in_bytes"))) {
      return CgroupV1.readTightest(cgroupMount.resolve("memory"), v1);
    }
    throw new MemoryProbeException(
        "no cgroup "
            + path
            + " under "
            + cgroupMount
            + " (v2) or "
            + cgroupMount.resolve("memory")
            + " (v1): check --cgroup against /proc/PID/cgroup of the Ollama server");
  }

  private Optional<CgroupLimit> read(CgroupMembership membership) {
    Path v1Mount = cgroupMount.resolve("memory");
    if (membership.memoryV1().isPresent() && Files.isDirectory(v1Mount)) {
      return CgroupV1.readTightest(v1Mount, existingOrMount(v1Mount, membership.memoryV1().get()));
    }
    if (membership.unifiedV2().isPresent()) {
      Path dir = existingOrMount(cgroupMount, membership.unifiedV2().get());
      return CgroupV2.readTightest(cgroupMount, dir);
    }
    return Optional.empty();
  }

  /**
   * The cgroup's directory; in a container the runtime mounts the container's own cgroup at the
   * mount point, so a path from the host's view is not there and the mount itself is meant.
   */
  private static Path existingOrMount(Path mount, String path) {
    Path dir = under(mount, path);
    return Files.isDirectory(dir) ? dir : mount;
  }

  private static Path under(Path mount, String cgroupPath) {
    String relative = cgroupPath.strip().replaceFirst("^/+", "");
    return relative.isEmpty() ? mount : mount.resolve(relative).normalize();
  }

  private Optional<CgroupMembership> membership() {
    long pid = ollamaPid();
    long now = nanoTime.getAsLong();
    Remembered remembered = membership;
    // A process's cgroup hardly ever changes, and reading it is one of the dearer files.
    if (remembered != null
        && remembered.pid() == pid
        && now - remembered.readAt() < RESCAN_AFTER.toNanos()) {
      return remembered.membership();
    }
    Optional<CgroupMembership> read = readMembership(pid);
    if (read.isEmpty() && pid != 0) {
      // The server exited between the scan and this read: it is simply not running.
      pid = 0;
      read = readMembership(pid);
    }
    membership = new Remembered(pid, read, now);
    return read;
  }

  private Optional<CgroupMembership> readMembership(long pid) {
    Path file = procfs.resolve(pid == 0 ? "self" : Long.toString(pid)).resolve("cgroup");
    return ProcFile.readIfPresent(file).map(text -> CgroupMembership.parse(text, file));
  }

  /** The ollama server's PID, or 0 when none runs (or none was seen at the last scan). */
  private long ollamaPid() {
    long pid = ollamaPid;
    if (pid != 0 && !isOllama(pid)) {
      pid = 0;
    }
    if (pid == 0 && scanDue()) {
      pid = scanForOllama();
      if (pid == 0) {
        lastEmptyScan = nanoTime.getAsLong();
        scanned = true;
      }
    }
    ollamaPid = pid;
    return pid;
  }

  private boolean scanDue() {
    return !scanned || nanoTime.getAsLong() - lastEmptyScan >= RESCAN_AFTER.toNanos();
  }

  /** The lowest PID whose comm is ollama: the server starts before the runners it spawns. */
  private long scanForOllama() {
    long lowest = 0;
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(procfs)) {
      for (Path entry : entries) {
        Optional<Long> pid = Decimal.parse(entry.getFileName().toString());
        if (pid.isPresent() && (lowest == 0 || pid.get() < lowest) && isOllama(pid.get())) {
          lowest = pid.get();
        }
      }
    } catch (NoSuchFileException e) {
      return 0;
    } catch (IOException e) {
      throw new MemoryProbeException("cannot list " + procfs + ": " + ProcFile.reason(e), e);
    }
    return lowest;
  }

  private boolean isOllama(long pid) {
    Path comm = procfs.resolve(Long.toString(pid)).resolve("comm");
    try {
      return ProcFile.readIfPresent(comm).map(String::strip).orElse("").equals(OLLAMA_COMM);
    } catch (MemoryProbeException unreadable) {
      // Another user's process may hide its comm, or exit while read: not ours to judge.
      return false;
    }
  }
}
