package io.github.smartload.proc;

import io.github.smartload.core.ByteSize;
import io.github.smartload.core.port.MemoryProbeException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Objects;
import java.util.Optional;

/**
 * The cgroup the runtime was last seen in, and the tightest limit read there, so that memory is
 * still read from the runtime's cgroup while it is not running. A long-lived process (the proxy)
 * keeps it in memory; the one-shot CLI persists it in a small state file, written only when it
 * changes.
 */
public final class LastSeenCgroup {

  /** A sighting: the runtime's cgroup membership and the tightest limit on it then. */
  record Seen(CgroupMembership membership, Optional<ByteSize> limit) {}

  private final Optional<Path> file;
  private Optional<Seen> seen = Optional.empty();
  private boolean loaded;

  private LastSeenCgroup(Optional<Path> file) {
    this.file = file;
    this.loaded = file.isEmpty();
  }

  /** Remembered for this process's life only. */
  public static LastSeenCgroup inMemory() {
    return new LastSeenCgroup(Optional.empty());
  }

  /**
   * Remembered in {@code file} too (e.g. {@code ~/.local/state/smartload/runtime-cgroup}), for the
   * next run; the directories are created on the first write.
   */
  public static LastSeenCgroup persistedIn(Path file) {
    return new LastSeenCgroup(Optional.of(Objects.requireNonNull(file, "file")));
  }

  synchronized Optional<Seen> recall() {
    if (!loaded) {
      loaded = true;
      seen = file.flatMap(LastSeenCgroup::load);
    }
    return seen;
  }

  synchronized void remember(Seen now) {
    if (recall().equals(Optional.of(now))) {
      return;
    }
    seen = Optional.of(now);
    file.ifPresent(path -> store(path, now));
  }

  /**
   * Lines {@code v2 PATH}, {@code v1 PATH}, {@code limit BYTES}. A file that cannot be read is
   * taken as no sighting: it is a cache of what this class wrote, and the next sighting rewrites
   * it.
   */
  private static Optional<Seen> load(Path path) {
    Optional<String> v1 = Optional.empty();
    Optional<String> v2 = Optional.empty();
    Optional<ByteSize> limit = Optional.empty();
    try {
      Optional<String> text = ProcFile.readIfPresent(path);
      if (text.isEmpty()) {
        return Optional.empty();
      }
      for (String line : text.get().split("\n")) {
        String[] parts = line.strip().split(" ", 2);
        switch (parts[0]) {
          case "v1" -> v1 = cgroupPath(parts);
          case "v2" -> v2 = cgroupPath(parts);
          case "limit" ->
              limit = Decimal.parse(parts.length == 2 ? parts[1] : "").map(ByteSize::ofBytes);
          default -> {
            // comments and unknown keys
          }
        }
      }
    } catch (MemoryProbeException unreadable) {
      return Optional.empty();
    }
    if (v1.isEmpty() && v2.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new Seen(new CgroupMembership(v1, v2), limit));
  }

  private static Optional<String> cgroupPath(String[] parts) {
    return parts.length == 2 && parts[1].startsWith("/") ? Optional.of(parts[1]) : Optional.empty();
  }

  /**
   * Written to a temporary file and moved, so a concurrent run never reads half of it. A failed
   * write is not an error: the reading in hand is right, only the next run loses the sighting.
   */
  private static void store(Path path, Seen seen) {
    StringBuilder text =
        new StringBuilder("# the cgroup Ollama was last seen in (written by smartload)\n");
    seen.membership().unifiedV2().ifPresent(v2 -> text.append("v2 ").append(v2).append('\n'));
    seen.membership().memoryV1().ifPresent(v1 -> text.append("v1 ").append(v1).append('\n'));
    seen.limit().ifPresent(limit -> text.append("limit ").append(limit.bytes()).append('\n'));
    try {
      Files.createDirectories(path.getParent());
      Path temp = Files.createTempFile(path.getParent(), "runtime-cgroup", ".tmp");
      Files.writeString(temp, text);
      Files.move(temp, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException | UnsupportedOperationException e) {
      // see above: kept in memory for this run
    }
  }
}
