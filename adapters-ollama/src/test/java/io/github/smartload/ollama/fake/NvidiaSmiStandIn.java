package io.github.smartload.ollama.fake;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * A stand-in {@code nvidia-smi} for tests: a shell script that prints the fake's VRAM readings (the
 * file {@link FakeVram} mirrors), so end-to-end tests read the GPUs through the real probe. Without
 * GPUs it answers as nvidia-smi does on a machine without one: "No devices were found", status 6.
 */
final class NvidiaSmiStandIn {

  private NvidiaSmiStandIn() {}

  /** Writes {@code <dir>/nvidia-smi}, printing {@code readings}; returns the script's path. */
  static Path write(Path dir, Path readings) {
    String quoted = "'" + readings.toAbsolutePath().toString().replace("'", "'\\''") + "'";
    String script =
        "#!/bin/sh\n"
            + "# a stand-in written by the fake Ollama's tests: prints the fake's VRAM\n"
            + "if [ -s "
            + quoted
            + " ]; then cat "
            + quoted
            + "; else echo 'No devices were found'; exit 6; fi\n";
    Path target = dir.resolve("nvidia-smi");
    try {
      Files.createDirectories(dir);
      Files.writeString(target, script);
      Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwxr-xr-x"));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the stand-in nvidia-smi into " + dir, e);
    }
    return target;
  }
}
