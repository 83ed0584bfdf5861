package io.github.smartload.proc;

import io.github.smartload.core.ByteSize;
import io.github.smartload.core.port.MemoryProbeException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The fields of a {@code /proc/meminfo} text, checked only as far as their shape: each line is
 * {@code Name: value}, no name twice. Values are parsed, strictly, when asked for, so a broken
 * field the probe never uses does not stop it, and one it does use always does.
 */
final class Meminfo {

  private final Path file;
  private final Map<String, String> values;

  private Meminfo(Path file, Map<String, String> values) {
    this.file = file;
    this.values = values;
  }

  /**
   * @param file where the text came from, named in every error
   * @throws MemoryProbeException when a line is not {@code Name: value} or a name repeats
   */
  static Meminfo parse(String text, Path file) {
    if (text.isBlank()) {
      throw new MemoryProbeException(file + " is empty: the kernel gave no memory figures");
    }
    Map<String, String> values = new HashMap<>();
    int lineNumber = 0;
    int start = 0;
    while (start < text.length()) {
      int end = text.indexOf('\n', start);
      if (end < 0) {
        end = text.length();
      }
      lineNumber++;
      String line = text.substring(start, end);
      start = end + 1;
      if (line.isBlank()) {
        continue;
      }
      int colon = line.indexOf(':');
      String name = colon < 0 ? "" : line.substring(0, colon).strip();
      if (name.isEmpty()) {
        throw new MemoryProbeException(
            file + " line " + lineNumber + " '" + line.strip() + "' is not 'Field: value'");
      }
      // A repeated field means a torn or forged file: neither copy can be trusted.
      if (values.put(name, line.substring(colon + 1).strip()) != null) {
        throw new MemoryProbeException(file + " lists " + name + " twice: the file is not sound");
      }
    }
    return new Meminfo(file, values);
  }

  boolean has(String field) {
    return values.containsKey(field);
  }

  /**
   * @throws MemoryProbeException naming the file and field when it is missing or not {@code N kB}
   */
  ByteSize bytes(String field) {
    return optionalBytes(field).orElseThrow(() -> MemoryProbeException.fieldMissing(file, field));
  }

  /** The field in bytes, or empty when absent; present but malformed is an error. */
  Optional<ByteSize> optionalBytes(String field) {
    String value = values.get(field);
    return value == null ? Optional.empty() : Optional.of(kibibytes(field, value));
  }

  Path file() {
    return file;
  }

  private ByteSize kibibytes(String field, String value) {
    int space = 0;
    while (space < value.length() && !Character.isWhitespace(value.charAt(space))) {
      space++;
    }
    String number = value.substring(0, space);
    String unit = value.substring(space).strip();
    if (!unit.equals("kB")) {
      // "kB" in meminfo has always meant KiB; anything else is a truncated or foreign file.
      throw invalid(field, value, unit.isEmpty() ? "has no unit, expected kB" : "expected kB");
    }
    long kib = Decimal.parse(number).orElseThrow(() -> invalid(field, value, Decimal.why(number)));
    if (kib > Long.MAX_VALUE / 1024) {
      throw invalid(field, value, "too large to be a memory size");
    }
    return ByteSize.ofBytes(kib * 1024);
  }

  private MemoryProbeException invalid(String field, String value, String why) {
    return new MemoryProbeException(file + " field " + field + " '" + value + "': " + why);
  }
}
