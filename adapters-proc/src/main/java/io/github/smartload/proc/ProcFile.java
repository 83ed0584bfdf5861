package io.github.smartload.proc;

import io.github.smartload.core.port.MemoryProbeException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/** Reads one small kernel file in a single call, so the kernel renders it once, consistently. */
final class ProcFile {

  private ProcFile() {}

  /** The file's text, or empty when it does not exist; any other failure is a probe error. */
  static Optional<String> readIfPresent(Path file) {
    try {
      // Kernel files are ASCII; ISO-8859-1 never fails to decode and is the cheapest charset.
      return Optional.of(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new MemoryProbeException("cannot read " + file + ": " + reason(e), e);
    }
  }

  static String reason(IOException e) {
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }
}
