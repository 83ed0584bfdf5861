package io.github.smartload.cli.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The release artifacts that {@code ./mvnw package} wrote (failsafe runs this after it): the Debian
 * package and the tarball hold what the README's install section says, and the tarball's launcher
 * runs from anywhere.
 */
class ReleaseArtifactsIT {

  private static final Path TARGET = Path.of("target").toAbsolutePath();
  private static final String VERSION = System.getProperty("smartload.version");
  private static final List<String> MAN_PAGES =
      Stream.concat(
              Stream.of("smartload"),
              Stream.of("status", "plan", "load", "unload", "doctor", "sizes", "serve")
                  .map(command -> "smartload-" + command))
          .map(page -> page + ".1")
          .toList();

  @TempDir Path temp;

  private static Path deb() {
    return TARGET.resolve("smartload_" + VERSION + "_all.deb");
  }

  private static Path tarball() {
    return TARGET.resolve("smartload-" + VERSION + ".tar.gz");
  }

  @Test
  void theDebianPackageInstallsTheCommandTheJarTheDocsAndADisabledUnit() throws IOException {
    Archives.Deb deb = Archives.Deb.read(deb());

    assertThat(deb.data())
        .containsKeys(
            "usr/bin/smartload",
            "usr/share/smartload/smartload.jar",
            "usr/share/bash-completion/completions/smartload",
            "usr/lib/systemd/system/smartload.service",
            "etc/smartload/config.json",
            "usr/share/doc/smartload/README.md",
            "usr/share/doc/smartload/copyright");
    // Debian wants man pages gzipped; man reads them either way.
    MAN_PAGES.forEach(
        page -> assertThat(deb.data()).containsKey("usr/share/man/man1/" + page + ".gz"));
    assertThat(deb.data().get("usr/bin/smartload").mode() & 07777).isEqualTo(0755);
    assertThat(deb.data().get("usr/lib/systemd/system/smartload.service").text())
        .contains("ExecStart=/usr/bin/smartload serve");
    // Installed, not enabled: no link into a target's .wants directory ships.
    assertThat(deb.data().keySet()).noneMatch(name -> name.contains(".wants/"));
  }

  @Test
  void theDebianPackageDependsOnJava17AndKeepsTheConfigAsAConffile() throws IOException {
    Archives.Deb deb = Archives.Deb.read(deb());
    Map<String, String> fields = deb.fields();

    assertThat(fields)
        .containsEntry("Package", "smartload")
        .containsEntry("Architecture", "all")
        .containsEntry("Depends", "default-jre-headless (>= 2:1.17) | java17-runtime-headless");
    // A development build's version sorts before the release's: 0.1.0~20261130094500 < 0.1.0.
    assertThat(fields.get("Version"))
        .matches(
            VERSION.endsWith("-SNAPSHOT")
                ? "\\Q" + VERSION.replace("-SNAPSHOT", "") + "\\E~\\d{14}"
                : "\\Q" + VERSION + "\\E");
    assertThat(deb.control().get("conffiles").text().strip())
        .isEqualTo("/etc/smartload/config.json");
    for (String script : List.of("postinst", "prerm", "postrm")) {
      assertThat(deb.control().get(script).mode() & 0111).as(script).isNotZero();
    }
  }

  @Test
  void dpkgReadsThePackageAsTheTestsDo() throws Exception {
    Assumptions.assumeTrue(
        onPath("dpkg-deb"),
        "dpkg-deb is not installed: the package was checked by the tests' own reader only");
    Archives.Deb deb = Archives.Deb.read(deb());

    Run info = run(temp, Map.of(), "dpkg-deb", "--field", deb().toString(), "Package", "Depends");
    Run contents = run(temp, Map.of(), "dpkg-deb", "--contents", deb().toString());

    assertThat(info.exitCode()).isZero();
    assertThat(info.out())
        .contains("Package: smartload")
        .contains("Depends: default-jre-headless (>= 2:1.17) | java17-runtime-headless");
    assertThat(contents.exitCode()).isZero();
    List<String> listed = new ArrayList<>();
    contents.out().lines().forEach(line -> listed.add(line.substring(line.indexOf("./") + 2)));
    assertThat(listed).containsExactlyInAnyOrderElementsOf(deb.data().keySet());
  }

  @Test
  void theTarballHoldsLauncherJarManPagesCompletionUnitAndReadme() throws IOException {
    Map<String, Archives.Entry> entries;
    try (InputStream in = Files.newInputStream(tarball())) {
      entries = Archives.tarGz(in);
    }
    String top = "smartload-" + VERSION + "/";

    assertThat(entries)
        .containsKeys(
            top + "bin/smartload",
            top + "lib/smartload.jar",
            top + "share/bash-completion/completions/smartload",
            top + "lib/systemd/smartload.service",
            top + "README.md",
            top + "LICENSE");
    MAN_PAGES.forEach(page -> assertThat(entries).containsKey(top + "share/man/man1/" + page));
    assertThat(entries.get(top + "bin/smartload").mode() & 07777).isEqualTo(0755);
    assertThat(entries.get(top + "lib/systemd/smartload.service").text())
        .contains("ExecStart=/usr/local/bin/smartload serve");
    assertThat(entries.get(top + "share/man/man1/smartload-serve.1").text())
        .contains("\\-\\-listen") // troff escapes each dash
        .doesNotContain("\\-\\-json");
    assertThat(entries.get(top + "share/bash-completion/completions/smartload").text())
        .contains("complete -F _complete_smartload")
        .contains("serve", "doctor", "--keep-alive");
  }

  @Test
  void theLauncherRunsThroughASymlinkFromAnyDirectoryAndCachesOutsideTheJar() throws Exception {
    Path installed = unpack(tarball(), temp.resolve("opt"));
    Path bin = Files.createDirectories(temp.resolve("local/bin"));
    Path link =
        Files.createSymbolicLink(bin.resolve("smartload"), installed.resolve("bin/smartload"));
    Path elsewhere = Files.createDirectories(temp.resolve("elsewhere"));
    Map<String, String> env =
        Map.of(
            "HOME",
            temp.resolve("home").toString(),
            "XDG_CACHE_HOME",
            temp.resolve("cache").toString());

    Run first = run(elsewhere, env, link.toString(), "--version");
    Run second = run(elsewhere, env, link.toString(), "--version");

    assertThat(first.exitCode()).as(first.err()).isZero();
    assertThat(first.out()).startsWith("smartload " + VERSION + " (commit ");
    assertThat(second.out()).isEqualTo(first.out());
    try (Stream<Path> cache = Files.list(temp.resolve("cache/smartload"))) {
      assertThat(cache.map(path -> path.getFileName().toString()))
          .singleElement()
          .asString()
          .matches("smartload-\\d+\\.jsa");
    }
    try (Stream<Path> lib = Files.list(installed.resolve("lib"))) {
      assertThat(lib.map(path -> path.getFileName().toString()))
          .containsExactlyInAnyOrder("smartload.jar", "systemd");
    }
  }

  /** Unpacks the tarball with its modes; returns its top directory. */
  private static Path unpack(Path tarball, Path into) throws IOException {
    try (InputStream in = Files.newInputStream(tarball)) {
      for (Archives.Entry entry : Archives.tarGz(in).values()) {
        Path path = into.resolve(entry.name());
        if (entry.type() == '5') {
          Files.createDirectories(path);
          continue;
        }
        Files.createDirectories(path.getParent());
        Files.write(path, entry.content());
        Files.setPosixFilePermissions(
            path,
            PosixFilePermissions.fromString(
                (entry.mode() & 0100) != 0 ? "rwxr-xr-x" : "rw-r--r--"));
      }
    }
    return into.resolve("smartload-" + VERSION);
  }

  record Run(int exitCode, String out, String err) {}

  static Run run(Path directory, Map<String, String> env, String... command) throws Exception {
    ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile());
    builder.environment().putAll(env);
    Path out = Files.createTempFile("smartload-it", ".out");
    Path err = Files.createTempFile("smartload-it", ".err");
    Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    // Generous: a JVM start on a loaded 2-core machine; the test waits for the end, not a time.
    if (!process.waitFor(5, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new AssertionError(String.join(" ", command) + " did not end within 5 minutes");
    }
    try {
      return new Run(
          process.exitValue(),
          Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }

  static boolean onPath(String program) {
    String path = System.getenv().getOrDefault("PATH", "");
    return Stream.of(path.split(":"))
        .anyMatch(dir -> !dir.isEmpty() && Files.isExecutable(Path.of(dir, program)));
  }
}
