package io.github.smartload.proc;

import io.github.smartload.core.port.MemoryProbeException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Which cgroups a process is in, from {@code /proc/PID/cgroup}: the path in the v1 memory hierarchy
 * and the path in the v2 unified hierarchy, either of which may be absent.
 */
record CgroupMembership(Optional<String> memoryV1, Optional<String> unifiedV2) {

  /**
   * Lines are {@code hierarchy-id:controllers:path}; v2 is the one with id 0 and no controllers.
   */
  static CgroupMembership parse(String text, Path file) {
    Optional<String> memoryV1 = Optional.empty();
    Optional<String> unifiedV2 = Optional.empty();
    for (String line : text.split("\n", -1)) {
      if (line.isBlank()) {
        continue;
      }
      String[] parts = line.split(":", 3);
      if (parts.length != 3 || !parts[2].startsWith("/")) {
        throw new MemoryProbeException(
            file + " line '" + line.strip() + "' is not 'id:controllers:/path'");
      }
      if (parts[0].equals("0") && parts[1].isEmpty()) {
        unifiedV2 = Optional.of(parts[2].strip());
      } else if (hasController(parts[1], "memory")) {
        memoryV1 = Optional.of(parts[2].strip());
      }
    }
    return new CgroupMembership(memoryV1, unifiedV2);
  }

  private static boolean hasController(String controllers, String wanted) {
    for (String controller : controllers.split(",")) {
      if (controller.equals(wanted)) {
        return true;
      }
    }
    return false;
  }
}
