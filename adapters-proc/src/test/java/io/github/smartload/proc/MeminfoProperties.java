package io.github.smartload.proc;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.smartload.core.MemorySnapshot;
import io.github.smartload.core.MemorySource;
import io.github.smartload.core.port.MemoryProbeException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Mutated meminfo text gives either the figures of the unmutated text or a one-line error that
 * names the file and the field (or line) at fault: never a plausible but wrong number.
 */
class MeminfoProperties {

  /** This build machine's real meminfo (no swap) and the original's 32 GB host (with swap). */
  private static final Map<String, List<String>> BASES =
      Map.of(
          "real-machine", Fixtures.text("real-machine", "proc/meminfo").lines().toList(),
          "host-32g", Fixtures.text("host-32g", "proc/meminfo").lines().toList());

  private static final List<String> BASE = BASES.get("real-machine");
  private static final List<String> FIELDS =
      List.of(
          "MemTotal",
          "MemFree",
          "MemAvailable",
          "SwapTotal",
          "SwapFree",
          "Active(file)",
          "Inactive(file)",
          "Cached",
          "SReclaimable");

  private static Path root;
  private static MemorySnapshot expected;
  private static Map<String, MemorySnapshot> expectedByBase;

  @BeforeContainer
  static void createRoot() throws IOException {
    root = Files.createTempDirectory("meminfo-properties");
    expectedByBase = new HashMap<>();
    BASES.forEach((name, lines) -> expectedByBase.put(name, read(String.join("\n", lines) + "\n")));
    expected = expectedByBase.get("real-machine");
  }

  @AfterContainer
  static void deleteRoot() throws IOException {
    try (Stream<Path> files = Files.walk(root)) {
      for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(file);
      }
    }
  }

  @Property(tries = 1000)
  void aMutatedFileGivesTheTrueFiguresOrANamedError(
      @ForAll("bases") String base,
      @ForAll @Size(min = 1, max = 3) List<@From("mutations") Mutation> mutations,
      @ForAll @IntRange(min = 0, max = 4000) int keepChars,
      @ForAll boolean truncate) {
    List<String> lines = new ArrayList<>(BASES.get(base));
    for (Mutation mutation : mutations) {
      mutation.apply(lines);
    }
    String text = String.join("\n", lines) + "\n";
    if (truncate) {
      text = text.substring(0, keepChars % (text.length() + 1));
    }

    checkOutcome(text, !text.contains("MemAvailable:"), expectedByBase.get(base));
  }

  @Property(tries = 200)
  void spacingAloneNeverChangesTheFigures(
      @ForAll("bases") String base,
      @ForAll @Size(min = 1, max = 10) List<@IntRange(min = 0, max = 60) Integer> lines) {
    List<String> respaced = new ArrayList<>(BASES.get(base));
    lines.forEach(line -> new Mutation.Respace(line).apply(respaced));

    assertThat(read(String.join("\n", respaced) + "\n")).isEqualTo(expectedByBase.get(base));
  }

  @Provide
  Arbitrary<String> bases() {
    return Arbitraries.of(BASES.keySet());
  }

  @Property(tries = 300)
  void aFileThatChangedWhileReadGivesFiguresOfOneMomentOrAnError(
      @ForAll @IntRange(min = 0, max = 60) int splitLine,
      @ForAll @IntRange(min = 1, max = 4_000_000) int shrinkKib) {
    // The second moment: available memory and free swap dropped, the rest stayed.
    List<String> later = new ArrayList<>(BASE);
    later.replaceAll(line -> shrunk(line, "MemAvailable:", shrinkKib));
    List<String> torn = new ArrayList<>(BASE.subList(0, Math.min(splitLine, BASE.size())));
    torn.addAll(later.subList(Math.min(splitLine, later.size()), later.size()));

    MemorySnapshot snapshot = read(String.join("\n", torn) + "\n");

    assertThat(snapshot.total()).isEqualTo(expected.total());
    assertThat(snapshot.available().bytes())
        .isIn(
            expected.available().bytes(),
            Math.max(0, expected.available().bytes() - shrinkKib * 1024L));
  }

  private static String shrunk(String line, String field, int kib) {
    if (!line.startsWith(field)) {
      return line;
    }
    long value = Long.parseLong(line.substring(field.length()).replace("kB", "").strip());
    return field + " " + Math.max(0, value - kib) + " kB";
  }

  private static void checkOutcome(String text, boolean memAvailableGone, MemorySnapshot expected) {
    Path file = root.resolve("proc/meminfo");
    try {
      MemorySnapshot snapshot = read(text);
      if (memAvailableGone) {
        assertThat(snapshot.source().kind()).isEqualTo(MemorySource.Kind.HOST_ESTIMATE);
        assertThat(snapshot.available()).isLessThanOrEqualTo(snapshot.total());
        assertThat(snapshot.total()).isEqualTo(expected.total());
      } else {
        assertThat(snapshot).isEqualTo(expected);
      }
    } catch (MemoryProbeException e) {
      assertThat(e.getMessage()).doesNotContain("\n").contains(file.toString());
      assertThat(
              FIELDS.stream().anyMatch(e.getMessage()::contains)
                  || e.getMessage().matches(".* line \\d+ .*")
                  || e.getMessage().contains(" twice")
                  || e.getMessage().contains(" is empty"))
          .as("names a field or line: %s", e.getMessage())
          .isTrue();
    }
  }

  private static MemorySnapshot read(String meminfo) {
    Fixtures.write(root, "proc/meminfo", meminfo);
    return Fixtures.probe(root, Optional.empty()).read();
  }

  @Provide
  Arbitrary<Mutation> mutations() {
    Arbitrary<Integer> index = Arbitraries.integers().between(0, BASE.size() - 1);
    Arbitrary<String> units = Arbitraries.of("MB", "kb", "KiB", "B", "", "kB kB", "k");
    Arbitrary<String> values =
        Arbitraries.of(
            "-5",
            "abc",
            "1.5",
            "99999999999999999999",
            "9223372036854775807",
            "",
            "0x10",
            "\u0661\u0662",
            "1e3",
            "+7");
    Arbitrary<String> lines = Arbitraries.of("garbage", ": 4 kB", "Foo: bar", "", "   ");
    return Arbitraries.oneOf(
        index.map(Mutation.Delete::new),
        index.map(Mutation.Duplicate::new),
        Combinators.combine(index, index).as(Mutation.Swap::new),
        Combinators.combine(index, units).as(Mutation.Unit::new),
        Combinators.combine(index, values).as(Mutation.Value::new),
        Combinators.combine(index, lines).as(Mutation.Insert::new),
        index.map(Mutation.Respace::new),
        Combinators.combine(index, Arbitraries.integers().between(0, 40)).as(Mutation.Cut::new));
  }

  /** One edit of the meminfo lines; indices wrap so every edit applies to the current lines. */
  sealed interface Mutation {

    void apply(List<String> lines);

    static int at(List<String> lines, int index) {
      return index % Math.max(1, lines.size());
    }

    static String[] split(String line) {
      int colon = line.indexOf(':');
      if (colon < 0) {
        return new String[] {line, "", ""};
      }
      String[] value = line.substring(colon + 1).strip().split("\\s+", 2);
      return new String[] {line.substring(0, colon), value[0], value.length > 1 ? value[1] : ""};
    }

    record Delete(int index) implements Mutation {
      @Override
      public void apply(List<String> lines) {
        if (!lines.isEmpty()) {
          lines.remove(at(lines, index));
        }
      }
    }

    record Duplicate(int index) implements Mutation {
      @Override
      public void apply(List<String> lines) {
        if (!lines.isEmpty()) {
          lines.add(at(lines, index), lines.get(at(lines, index)));
        }
      }
    }

    record Swap(int first, int second) implements Mutation {
      @Override
      public void apply(List<String> lines) {
        if (!lines.isEmpty()) {
          java.util.Collections.swap(lines, at(lines, first), at(lines, second));
        }
      }
    }

    record Unit(int index, String unit) implements Mutation {
      @Override
      public void apply(List<String> lines) {
        if (!lines.isEmpty()) {
          String[] parts = split(lines.get(at(lines, index)));
          lines.set(at(lines, index), parts[0] + ":   " + parts[1] + " " + unit);
        }
      }
    }

    record Value(int index, String value) implements Mutation {
      @Override
      public void apply(List<String> lines) {
        if (!lines.isEmpty()) {
          String[] parts = split(lines.get(at(lines, index)));
          lines.set(at(lines, index), parts[0] + ":   " + value + " " + parts[2]);
        }
      }
    }

    record Insert(int index, String line) implements Mutation {
      @Override
      public void apply(List<String> lines) {
        lines.add(at(lines, index), line);
      }
    }

    /** A line torn after {@code keep} characters, as in a file cut short while written. */
    record Cut(int index, int keep) implements Mutation {
      @Override
      public void apply(List<String> lines) {
        if (!lines.isEmpty()) {
          String line = lines.get(at(lines, index));
          lines.set(at(lines, index), line.substring(0, Math.min(keep, line.length())));
        }
      }
    }

    /** Spacing changes only: the figures must stay exactly the same. */
    record Respace(int index) implements Mutation {
      @Override
      public void apply(List<String> lines) {
        if (!lines.isEmpty()) {
          String[] parts = split(lines.get(at(lines, index)));
          String unit = parts[2].isEmpty() ? "" : "\t" + parts[2];
          lines.set(at(lines, index), parts[0] + ":" + parts[1] + unit);
        }
      }
    }
  }
}
