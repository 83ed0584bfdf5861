package io.github.smartload.proc;

import io.github.smartload.core.ByteSize;
import io.github.smartload.core.MemorySource;
import io.github.smartload.core.port.MemoryProbeException;
import java.nio.file.Path;
import java.util.Optional;

/** Reads a cgroup v2 memory limit: {@code memory.max}, {@code memory.current}, memory.stat. */
final class CgroupV2 {

  private CgroupV2() {}

  /**
   * The tightest limit on {@code dir} or any ancestor up to {@code mount}: a parent slice's limit
   * binds its children even when theirs is {@code max}. Empty when none has a limit.
   */
  static Optional<CgroupLimit> readTightest(Path mount, Path dir) {
    Optional<CgroupLimit> tightest = Optional.empty();
    for (Path level = dir; level != null && level.startsWith(mount); level = level.getParent()) {
      tightest = CgroupLimit.tighter(tightest, read(level));
    }
    return tightest;
  }

  /** This cgroup's own limit; empty for {@code max} or where there is no memory.max. */
  static Optional<CgroupLimit> read(Path dir) {
    Path maxFile = dir.resolve("memory.max");
    Optional<String> max = ProcFile.readIfPresent(maxFile).map(String::strip);
    if (max.isEmpty() || max.get().equals("max")) {
      return Optional.empty();
    }
    ByteSize limit = CgroupFiles.parseBytes(max.get(), maxFile, "memory.max");
    ByteSize usage = CgroupFiles.bytes(dir.resolve("memory.current"));
    Path statFile = dir.resolve("memory.stat");
    String stat =
        ProcFile.readIfPresent(statFile)
            .orElseThrow(() -> MemoryProbeException.fileMissing(statFile));
    ByteSize inactiveFile =
        CgroupFiles.statValue(stat, statFile, "inactive_file")
            .orElseThrow(() -> MemoryProbeException.fieldMissing(statFile, "inactive_file"));
    return Optional.of(
        new CgroupLimit(MemorySource.Kind.CGROUP_V2, dir, limit, usage, inactiveFile));
  }
}
