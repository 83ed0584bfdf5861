package io.github.smartload.ollama.fake;

import io.github.smartload.core.ByteSize;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * The fake machine's memory as {@code <procfsRoot>/meminfo}, for the real memory probe to read;
 * nothing is written without a procfs root.
 */
final class FakeMeminfo {

  private final Optional<Path> meminfo;
  private final ByteSize total;
  private final ByteSize swapTotal;

  FakeMeminfo(Optional<Path> procfsRoot, ByteSize total, ByteSize swapTotal) {
    this.meminfo = procfsRoot.map(root -> root.resolve("meminfo"));
    this.total = total;
    this.swapTotal = swapTotal;
  }

  /**
   * Writes MemTotal, MemFree, MemAvailable, SwapTotal and SwapFree in kB as the kernel does; what
   * exceeds RAM is counted as swap in use. Written to a temp file and moved, so a reader never sees
   * half a file.
   */
  void write(ByteSize used) {
    if (meminfo.isEmpty()) {
      return;
    }
    ByteSize available = total.minusOrZero(used);
    ByteSize swapped = used.minusOrZero(total);
    ByteSize swapFree = swapTotal.minusOrZero(swapped);
    String text =
        line("MemTotal", total)
            + line("MemFree", available)
            + line("MemAvailable", available)
            + line("Buffers", ByteSize.ZERO)
            + line("Cached", ByteSize.ZERO)
            + line("SwapTotal", swapTotal)
            + line("SwapFree", swapFree);
    Path target = meminfo.get();
    try {
      Files.createDirectories(target.getParent());
      Path temp = Files.createTempFile(target.getParent(), "meminfo", ".tmp");
      Files.writeString(temp, text);
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot mirror memory into " + target, e);
    }
  }

  private static String line(String key, ByteSize size) {
    return String.format("%-16s%8d kB%n", key + ":", size.bytes() / 1024);
  }
}
