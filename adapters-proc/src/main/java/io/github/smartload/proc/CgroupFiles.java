package io.github.smartload.proc;

import io.github.smartload.core.ByteSize;
import io.github.smartload.core.port.MemoryProbeException;
import java.nio.file.Path;
import java.util.Optional;

/** Reads the one-number and {@code key value} files that cgroup memory controllers expose. */
final class CgroupFiles {

  private CgroupFiles() {}

  /** A file holding one byte count, such as {@code memory.current}; it must exist. */
  static ByteSize bytes(Path file) {
    String text =
        ProcFile.readIfPresent(file).orElseThrow(() -> MemoryProbeException.fileMissing(file));
    return parseBytes(text.strip(), file, file.getFileName().toString());
  }

  /** The value of {@code key} in a {@code memory.stat} text, or empty when the key is absent. */
  static Optional<ByteSize> statValue(String stat, Path file, String key) {
    for (String line : stat.split("\n", -1)) {
      int space = line.indexOf(' ');
      if (space == key.length() && line.startsWith(key)) {
        return Optional.of(parseBytes(line.substring(space + 1).strip(), file, key));
      }
    }
    return Optional.empty();
  }

  static ByteSize parseBytes(String number, Path file, String field) {
    long value =
        Decimal.parse(number)
            .orElseThrow(
                () ->
                    new MemoryProbeException(
                        file + " field " + field + " '" + number + "': " + Decimal.why(number)));
    return ByteSize.ofBytes(value);
  }
}
