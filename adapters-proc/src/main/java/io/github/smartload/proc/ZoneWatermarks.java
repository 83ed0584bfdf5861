package io.github.smartload.proc;

import io.github.smartload.core.ByteSize;
import io.github.smartload.core.port.MemoryProbeException;
import java.nio.file.Path;

/**
 * The sum of every memory zone's low watermark from {@code /proc/zoneinfo}: memory the kernel keeps
 * free for itself, which an estimate of available memory must not count.
 */
final class ZoneWatermarks {

  /** zoneinfo counts pages; 4 KiB is the page size of x86-64 and of most arm64 kernels. */
  private static final long PAGE_BYTES = 4096;

  private ZoneWatermarks() {}

  /** The watermarks in the file, or zero when it does not exist (they are then unknown). */
  static ByteSize read(Path zoneinfo) {
    return ProcFile.readIfPresent(zoneinfo)
        .map(text -> parse(text, zoneinfo))
        .orElse(ByteSize.ZERO);
  }

  static ByteSize parse(String text, Path file) {
    long pages = 0;
    for (String line : text.split("\n", -1)) {
      String stripped = line.strip();
      if (!stripped.startsWith("low ")) {
        continue;
      }
      String number = stripped.substring("low ".length()).strip();
      long zonePages =
          Decimal.parse(number)
              .filter(value -> value <= (1L << 40))
              .orElseThrow(
                  () ->
                      new MemoryProbeException(
                          file + " field low '" + number + "': not a page count"));
      pages += zonePages;
    }
    return ByteSize.ofBytes(Math.min(pages, 1L << 40) * PAGE_BYTES);
  }
}
