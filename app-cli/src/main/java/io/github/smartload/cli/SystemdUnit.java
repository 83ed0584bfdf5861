package io.github.smartload.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Reads an environment variable the way systemd sets it for a unit: the unit file (the first found
 * of /etc, /run, /usr/lib, /lib), then its drop-ins ({@code NAME.service.d/*.conf}, ordered by file
 * name, /etc winning over the others for the same name); the last {@code Environment=} wins, an
 * empty one resets, and an {@code EnvironmentFile=} wins over both. All paths are under a root, so
 * tests use a temp dir.
 */
final class SystemdUnit {

  private static final List<String> DIRS =
      List.of(
          "etc/systemd/system",
          "run/systemd/system",
          "usr/lib/systemd/system",
          "lib/systemd/system");

  /** A variable's value and the file that set it. */
  record Assignment(String value, Path file) {}

  private final Path root;
  private final String unit;

  SystemdUnit(Path root, String unit) {
    this.root = root;
    this.unit = unit;
  }

  /** The unit file and its drop-ins, in the order systemd applies them; empty: no such unit. */
  List<Path> files() {
    List<Path> files = new ArrayList<>();
    DIRS.stream()
        .map(dir -> root.resolve(dir).resolve(unit))
        .filter(Files::isRegularFile)
        .findFirst()
        .ifPresent(files::add);
    TreeMap<String, Path> dropIns = new TreeMap<>();
    for (String dir : DIRS) {
      Path directory = root.resolve(dir).resolve(unit + ".d");
      if (!Files.isDirectory(directory)) {
        continue;
      }
      try (Stream<Path> list = Files.list(directory)) {
        list.filter(path -> path.getFileName().toString().endsWith(".conf"))
            .filter(Files::isRegularFile)
            .forEach(path -> dropIns.putIfAbsent(path.getFileName().toString(), path));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    files.addAll(dropIns.values());
    return files;
  }

  /**
   * The value systemd would give {@code name} in the unit's [Service] environment: an {@code
   * EnvironmentFile=} that sets it wins over {@code Environment=} lines, as systemd documents.
   */
  Optional<Assignment> environment(String name) {
    Assignment found = null;
    Assignment fromFiles = null;
    for (Path file : files()) {
      String section = "";
      for (String raw : lines(file)) {
        String line = raw.strip();
        if (line.startsWith("[")) {
          section = line;
          continue;
        }
        if (!section.equals("[Service]")) {
          continue;
        }
        if (line.startsWith("EnvironmentFile=")) {
          fromFiles =
              environmentFile(line.substring("EnvironmentFile=".length()).strip(), name)
                  .orElse(fromFiles);
          continue;
        }
        if (!line.startsWith("Environment=")) {
          continue;
        }
        String assignments = line.substring("Environment=".length()).strip();
        if (assignments.isEmpty()) {
          found = null; // an empty Environment= resets the list
        }
        for (String word : words(assignments)) {
          found = assignment(word, name, file).orElse(found);
        }
      }
    }
    return Optional.ofNullable(fromFiles != null ? fromFiles : found);
  }

  /** {@code name} as an environment file sets it; a path starting with "-" may be missing. */
  private Optional<Assignment> environmentFile(String path, String name) {
    boolean optional = path.startsWith("-");
    Path file = root.resolve((optional ? path.substring(1) : path).replaceFirst("^/+", ""));
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    Assignment found = null;
    for (String raw : lines(file)) {
      String line = raw.strip();
      if (line.startsWith("#") || line.startsWith(";")) {
        continue;
      }
      line = line.startsWith("export ") ? line.substring("export ".length()).strip() : line;
      List<String> words = words(line);
      if (words.size() == 1) {
        found = assignment(words.get(0), name, file).orElse(found);
      }
    }
    return Optional.ofNullable(found);
  }

  private static Optional<Assignment> assignment(String word, String name, Path file) {
    int equals = word.indexOf('=');
    if (equals > 0 && word.substring(0, equals).equals(name)) {
      return Optional.of(new Assignment(word.substring(equals + 1), file));
    }
    return Optional.empty();
  }

  private static List<String> lines(Path file) {
    try {
      // Decoded leniently, as systemd reads a unit with a stray Latin-1 comment all the same.
      return new String(Files.readAllBytes(file), StandardCharsets.UTF_8).lines().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Splits on blanks, keeping double- or single-quoted words whole (without the quotes). */
  private static List<String> words(String text) {
    List<String> words = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    char quote = 0;
    boolean inWord = false;
    for (char c : text.toCharArray()) {
      if (quote != 0) {
        if (c == quote) {
          quote = 0;
        } else {
          word.append(c);
        }
      } else if (c == '"' || c == '\'') {
        quote = c;
        inWord = true;
      } else if (Character.isWhitespace(c)) {
        if (inWord) {
          words.add(word.toString());
          word.setLength(0);
          inWord = false;
        }
      } else {
        word.append(c);
        inWord = true;
      }
    }
    if (inWord) {
      words.add(word.toString());
    }
    return words;
  }
}
