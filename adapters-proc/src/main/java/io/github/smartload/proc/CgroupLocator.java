package io.github.smartload.proc;

import io.github.smartload.core.ByteSize;
import io.github.smartload.core.MemorySource;
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
 * the {@code ollama} server's, else (while it is not running) the one it was last seen in, else
 * this process's own. No cgroup information at all (another OS's layout, a test root) means no
 * limit.
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
  private final LastSeenCgroup lastSeen;

  private final LongSupplier nanoTime;

  /** The ollama server's PID from the last scan, re-checked before use; 0 when none. */
  private volatile long ollamaPid;

  /** When the last scan found no ollama process, by {@link #nanoTime}; meaningless before. */
  private volatile long lastEmptyScan;

  private volatile boolean scanned;

  /** The membership last read, of the ollama server or (pid 0) of this process. */
  private volatile Remembered membership;

  private record Remembered(long pid, Optional<CgroupMembership> membership, long readAt) {}

  /** Whose cgroup a reading comes from. */
  enum Whose {
    NAMED,
    RUNTIME,
    /** The runtime is not running: the cgroup it was last seen in. */
    LAST_KNOWN,
    OWN
  }

  /**
   * A cgroup's limit (none: unlimited) and whose cgroup it is; {@code note} says what the reading
   * rests on when the cgroup itself could not be read.
   */
  record Located(Whose whose, Optional<CgroupLimit> limit, Optional<String> note) {}

  CgroupLocator(Path procfs, Path sysfs, Optional<String> named, LongSupplier nanoTime) {
    this(procfs, sysfs, named, nanoTime, LastSeenCgroup.inMemory());
  }

  CgroupLocator(
      Path procfs,
      Path sysfs,
      Optional<String> named,
      LongSupplier nanoTime,
      LastSeenCgroup lastSeen) {
    this.procfs = procfs;
    this.cgroupMount = sysfs.resolve("fs").resolve("cgroup");
    this.named = named;
    this.nanoTime = nanoTime;
    this.lastSeen = lastSeen;
  }

  Optional<CgroupLimit> find() {
    return locate().limit();
  }

  Located locate() {
    if (named.isPresent()) {
      return new Located(Whose.NAMED, readNamed(named.get()), Optional.empty());
    }
    Remembered found = membership();
    if (found.pid() != 0 && found.membership().isPresent()) {
      Optional<CgroupLimit> limit = read(found.membership().get());
      lastSeen.remember(
          new LastSeenCgroup.Seen(found.membership().get(), limit.map(CgroupLimit::limit)));
      return new Located(Whose.RUNTIME, limit, Optional.empty());
    }
    // Never silently the host's or this process's own figure while the runtime restarts.
    Optional<LastSeenCgroup.Seen> seen = lastSeen.recall();
    if (seen.isPresent()) {
      return lastKnown(seen.get());
    }
    return new Located(Whose.OWN, found.membership().flatMap(this::read), Optional.empty());
  }

  /**
   * The last known cgroup as it is now; systemd removes a stopped service's cgroup, and then its
   * limit is the one last read there (with nothing running in it), bound by the ancestors still
   * present.
   */
  private Located lastKnown(LastSeenCgroup.Seen seen) {
    CgroupMembership membership = seen.membership();
    Path v1Mount = cgroupMount.resolve("memory");
    boolean v1 = membership.memoryV1().isPresent() && Files.isDirectory(v1Mount);
    Path mount = v1 ? v1Mount : cgroupMount;
    Path dir = under(mount, v1 ? membership.memoryV1().get() : membership.unifiedV2().orElse("/"));
    if (Files.isDirectory(dir) || seen.limit().isEmpty()) {
      return new Located(Whose.LAST_KNOWN, read(membership), Optional.empty());
    }
    Path present = dir;
    while (!Files.isDirectory(present) && present.startsWith(mount) && !present.equals(mount)) {
      present = present.getParent();
    }
    Optional<CgroupLimit> ancestors =
        v1 ? CgroupV1.readTightest(mount, present) : CgroupV2.readTightest(mount, present);
    ByteSize last = seen.limit().get();
    CgroupLimit remembered =
        new CgroupLimit(
            v1 ? MemorySource.Kind.CGROUP_V1 : MemorySource.Kind.CGROUP_V2,
            dir,
            last,
            ByteSize.ZERO,
            ByteSize.ZERO);
    return new Located(
        Whose.LAST_KNOWN,
        CgroupLimit.tighter(Optional.of(remembered), ancestors),
        Optional.of(dir + " is gone; last limit " + last));
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

  private Remembered membership() {
    long pid = ollamaPid();
    long now = nanoTime.getAsLong();
    Remembered remembered = membership;
    // A process's cgroup hardly ever changes, and reading it is one of the dearer files.
    if (remembered != null
        && remembered.pid() == pid
        && now - remembered.readAt() < RESCAN_AFTER.toNanos()) {
      return remembered;
    }
    Optional<CgroupMembership> read = readMembership(pid);
    if (read.isEmpty() && pid != 0) {
      // The server exited between the scan and this read: it is simply not running.
      pid = 0;
      read = readMembership(pid);
    }
    membership = new Remembered(pid, read, now);
    return membership;
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
