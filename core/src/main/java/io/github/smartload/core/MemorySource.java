package io.github.smartload.core;

import java.util.Objects;

/**
 * Where a memory reading came from, so an operator can tell the host's figure from a container
 * limit's: {@code kind} says which source won, {@code detail} names the file or cgroup read.
 */
public record MemorySource(Kind kind, String detail) {

  /** The kinds of source a probe may read. */
  public enum Kind {
    /** The host's MemAvailable from /proc/meminfo. */
    HOST,
    /** The host's available memory estimated by hand: the kernel has no MemAvailable. */
    HOST_ESTIMATE,
    /** A cgroup v2 memory.max limit. */
    CGROUP_V2,
    /** A cgroup v1 memory.limit_in_bytes limit. */
    CGROUP_V1,
    /** Given by the operator (e.g. {@code plan --available}), not measured. */
    GIVEN,
    /**
     * The cgroup the runtime was last seen in, read while the runtime is not running (killed,
     * restarting), rather than any other cgroup's figure.
     */
    LAST_KNOWN_CGROUP,
    /** smartload's own cgroup's limit: no runtime process was ever seen and no cgroup named. */
    OWN_CGROUP
  }

  public MemorySource {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(detail, "detail");
  }

  @Override
  public String toString() {
    return detail.isEmpty()
        ? kind.name().toLowerCase(java.util.Locale.ROOT)
        : kind.name().toLowerCase(java.util.Locale.ROOT) + " " + detail;
  }
}
