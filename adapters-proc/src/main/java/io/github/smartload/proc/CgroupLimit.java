package io.github.smartload.proc;

import io.github.smartload.core.ByteSize;
import io.github.smartload.core.MemorySource;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * A cgroup's memory limit and use. The working set is usage minus inactive file cache, as kubelet
 * computes it: inactive cache is dropped before the cgroup's limit is enforced.
 */
record CgroupLimit(
    MemorySource.Kind kind, Path dir, ByteSize limit, ByteSize usage, ByteSize inactiveFile) {

  CgroupLimit {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(dir, "dir");
    Objects.requireNonNull(limit, "limit");
    Objects.requireNonNull(usage, "usage");
    Objects.requireNonNull(inactiveFile, "inactiveFile");
  }

  ByteSize workingSet() {
    return usage.minusOrZero(inactiveFile);
  }

  /** The one of two limits that leaves less room, or whichever is present. */
  static Optional<CgroupLimit> tighter(Optional<CgroupLimit> a, Optional<CgroupLimit> b) {
    if (a.isEmpty()) {
      return b;
    }
    return b.isPresent() && b.get().room().isLessThan(a.get().room()) ? b : a;
  }

  /** What a new model may still take before the cgroup hits its limit. */
  ByteSize room() {
    return limit.minusOrZero(workingSet());
  }
}
