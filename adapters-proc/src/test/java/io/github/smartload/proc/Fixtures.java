package io.github.smartload.proc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** The recorded procfs/sysfs roots under {@code src/test/resources/roots}. */
final class Fixtures {

  static final long KIB = 1024;

  private Fixtures() {}

  static Path root(String name) {
    URL url = Fixtures.class.getResource("/roots/" + name);
    if (url == null) {
      throw new IllegalArgumentException("no fixture root " + name);
    }
    try {
      return Path.of(url.toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  static ProcMemoryProbe probe(String name) {
    return probe(root(name), Optional.empty());
  }

  static ProcMemoryProbe probe(Path root, Optional<String> cgroup) {
    return new ProcMemoryProbe(root.resolve("proc"), root.resolve("sys"), cgroup);
  }

  static String text(String name, String file) {
    try {
      return Files.readString(root(name).resolve(file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Writes {@code text} to {@code root/relative}, creating the directories on the way. */
  static Path write(Path root, String relative, String text) {
    Path file = root.resolve(relative);
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return file;
  }
}
