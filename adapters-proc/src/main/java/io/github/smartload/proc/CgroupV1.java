package io.github.smartload.proc;

import io.github.smartload.core.ByteSize;
import io.github.smartload.core.MemorySource;
import io.github.smartload.core.port.MemoryProbeException;
import java.nio.file.Path;
import java.util.Optional;

/** Reads a cgroup v1 memory limit: memory.stat, memory.usage_in_bytes, memory.limit_in_bytes. */
final class CgroupV1 {

  /**
   * v1 writes "no limit" as a huge page-aligned number (9223372036854771712 on x86-64); anything
   * from 1 EiB up is no real machine's limit.
   */
  static final ByteSize UNLIMITED = ByteSize.ofBytes(1L << 60);

  private CgroupV1() {}

  /**
   * The tightest limit on {@code dir} or a visible ancestor up to {@code mount}, each measured
   * against its own usage: a parent's limit is shared with its other children, so the child's usage
   * alone would overstate the room under it. Empty when none has a limit.
   */
  static Optional<CgroupLimit> readTightest(Path mount, Path dir) {
    Optional<CgroupLimit> tightest = read(dir);
    if (tightest.isEmpty()) {
      // The kernel's hierarchical limit already covers every ancestor: none of them has one.
      return tightest;
    }
    for (Path level = dir.getParent();
        level != null && level.startsWith(mount);
        level = level.getParent()) {
      tightest = CgroupLimit.tighter(tightest, readOwn(level));
    }
    return tightest;
  }

  /**
   * This cgroup's effective limit, its own or an ancestor's, against its own usage; empty when
   * there is none. An ancestor hidden from view (a container sees only its own cgroup) binds
   * through the limit the kernel reports here.
   */
  static Optional<CgroupLimit> read(Path dir) {
    Path statFile = dir.resolve("memory.stat");
    Optional<String> statText = ProcFile.readIfPresent(statFile);
    if (statText.isEmpty()) {
      return Optional.empty();
    }
    String stat = statText.get();
    // The kernel reports the tightest of this cgroup's and its ancestors' limits here; only
    // without it (use_hierarchy off) is memory.limit_in_bytes read, one file fewer per read.
    Optional<ByteSize> hierarchical =
        CgroupFiles.statValue(stat, statFile, "hierarchical_memory_limit");
    ByteSize limit =
        hierarchical.isPresent()
            ? hierarchical.get()
            : CgroupFiles.bytes(dir.resolve("memory.limit_in_bytes"));
    return limited(dir, limit, stat, statFile);
  }

  /** An ancestor's own limit from memory.limit_in_bytes; empty when it has none. */
  private static Optional<CgroupLimit> readOwn(Path dir) {
    Path limitFile = dir.resolve("memory.limit_in_bytes");
    Optional<String> limitText = ProcFile.readIfPresent(limitFile);
    if (limitText.isEmpty()) {
      return Optional.empty();
    }
    ByteSize limit =
        CgroupFiles.parseBytes(limitText.get().strip(), limitFile, "memory.limit_in_bytes");
    if (limit.isAtLeast(UNLIMITED)) {
      return Optional.empty(); // before reading usage and stat, as the root cgroup has no limit
    }
    Path statFile = dir.resolve("memory.stat");
    String stat =
        ProcFile.readIfPresent(statFile)
            .orElseThrow(() -> MemoryProbeException.fileMissing(statFile));
    return limited(dir, limit, stat, statFile);
  }

  private static Optional<CgroupLimit> limited(
      Path dir, ByteSize limit, String stat, Path statFile) {
    if (limit.isAtLeast(UNLIMITED)) {
      return Optional.empty();
    }
    ByteSize usage = CgroupFiles.bytes(dir.resolve("memory.usage_in_bytes"));
    ByteSize inactiveFile =
        CgroupFiles.statValue(stat, statFile, "total_inactive_file")
            .or(() -> CgroupFiles.statValue(stat, statFile, "inactive_file"))
            .orElseThrow(() -> MemoryProbeException.fieldMissing(statFile, "inactive_file"));
    return Optional.of(
        new CgroupLimit(MemorySource.Kind.CGROUP_V1, dir, limit, usage, inactiveFile));
  }
}
