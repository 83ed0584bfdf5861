package io.github.smartload.proc;

import io.github.smartload.core.MemoryPressure;
import io.github.smartload.core.port.MemoryProbeException;
import java.nio.file.Path;
import java.util.Optional;

/** Reads memory pressure stall information from {@code /proc/pressure/memory}. */
final class Pressure {

  private Pressure() {}

  /**
   * The {@code some} and {@code full} avg10 figures; empty where the kernel has no PSI (no file, or
   * a file that refuses reads because PSI is disabled at boot), which is normal.
   */
  static Optional<MemoryPressure> read(Path file) {
    Optional<String> text;
    try {
      text = ProcFile.readIfPresent(file);
    } catch (MemoryProbeException psiDisabled) {
      // With psi=0 the file exists but reading it fails with EOPNOTSUPP.
      return Optional.empty();
    }
    return text.map(t -> parse(t, file));
  }

  static MemoryPressure parse(String text, Path file) {
    double some = avg10(text, file, "some");
    double full = avg10(text, file, "full");
    return new MemoryPressure(some, full);
  }

  private static double avg10(String text, Path file, String kind) {
    for (String line : text.split("\n", -1)) {
      if (!line.startsWith(kind + " ")) {
        continue;
      }
      for (String pair : line.substring(kind.length() + 1).split(" ")) {
        if (pair.startsWith("avg10=")) {
          return percent(pair.substring("avg10=".length()), file, kind);
        }
      }
    }
    throw new MemoryProbeException(file + " has no '" + kind + " avg10' figure");
  }

  private static double percent(String text, Path file, String kind) {
    try {
      double value = Double.parseDouble(text);
      if (value >= 0 && value <= 100) {
        return value;
      }
    } catch (NumberFormatException e) {
      // reported below with the file and field
    }
    throw new MemoryProbeException(
        file + " field '" + kind + " avg10' is '" + text + "', not a percentage from 0 to 100");
  }
}
