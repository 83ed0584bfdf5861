package io.github.smartload.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each error kind smartload can say in German: its line is German under {@code --lang de} and
 * {@code LANG=de_DE.UTF-8}, and the same English line as ever otherwise.
 */
class ErrorLanguageTest {

  @TempDir static Path home;

  /** A failing run, with its first line on stderr in each language. */
  record Failure(String name, Supplier<Cli> cli, List<String> args, String english, String german) {
    @Override
    public String toString() {
      return name;
    }

    String firstErrorLine(String lang, boolean byFlag) {
      Cli run = byFlag ? cli.get() : cli.get().env("LANG", lang);
      List<String> all = new ArrayList<>(args);
      if (byFlag) {
        all.addAll(List.of("--lang", lang));
      }
      return run.run(all.toArray(String[]::new)).err().lines().findFirst().orElse("");
    }
  }

  static Stream<Failure> errorKinds() throws IOException {
    String nobody = "http://127.0.0.1:" + freePort();
    Path brokenProcfs = Files.createDirectories(home.resolve("broken-proc"));
    Files.writeString(brokenProcfs.resolve("meminfo"), "MemFree: 1000000 kB\n");
    return Stream.of(
        new Failure(
            "model not installed",
            () -> Cli.at(home, new FakeAdapters("32", "23.7")),
            List.of("load", "qwen2.5:32b"),
            "smartload: qwen2.5:32b is not installed: ollama pull qwen2.5:32b",
            "smartload: qwen2.5:32b ist nicht installiert: ollama pull qwen2.5:32b"),
        new Failure(
            "size unknown",
            () -> Cli.at(home, new FakeAdapters("32", "23.7")),
            List.of("plan", "phi4:14b"),
            "smartload: the size of phi4:14b is unknown: it is not in the size table and the"
                + " in-memory runtime does not have it installed. Pull it first, or add it to the"
                + " size table.",
            "smartload: die Größe von phi4:14b ist unbekannt: sie steht nicht in der"
                + " Größentabelle, und the in-memory runtime hat das Modell nicht installiert."
                + " Erst mit ollama pull holen oder in die Größentabelle eintragen."),
        new Failure(
            "Ollama refuses the connection",
            () -> Cli.at(home),
            List.of("unload", "--all", "--host", nobody),
            "smartload: Ollama is not reachable at "
                + nobody
                + " (connection refused). Is `ollama serve` running? Set OLLAMA_HOST or --host.",
            "smartload: Ollama ist unter "
                + nobody
                + " nicht erreichbar (Verbindung abgelehnt). Läuft `ollama serve`? OLLAMA_HOST"
                + " oder --host setzen."),
        new Failure(
            "status while Ollama refuses the connection",
            () -> Cli.at(home),
            List.of("status", "--host", nobody),
            "smartload: Ollama is not reachable at "
                + nobody
                + " (connection refused). Is `ollama serve` running? Set OLLAMA_HOST or --host.",
            "smartload: Ollama ist unter "
                + nobody
                + " nicht erreichbar (Verbindung abgelehnt). Läuft `ollama serve`? OLLAMA_HOST"
                + " oder --host setzen."),
        new Failure(
            "memory figures incomplete",
            () -> Cli.at(home),
            List.of("status", "--procfs", brokenProcfs.toString()),
            "smartload: " + brokenProcfs.resolve("meminfo") + " has no MemTotal field",
            "smartload: " + brokenProcfs.resolve("meminfo") + " hat kein Feld MemTotal"),
        new Failure(
            "unknown option",
            () -> Cli.at(home),
            List.of("sizes", "--bogus"),
            "smartload: Unknown option: '--bogus'",
            "smartload: Unbekannte Option: '--bogus'"),
        new Failure(
            "missing parameter",
            () -> Cli.at(home),
            List.of("load"),
            "smartload: Missing required parameter: 'MODEL'",
            "smartload: Erforderlicher Parameter fehlt: 'MODEL'"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("errorKinds")
  void isGermanUnderAGermanLocale(Failure failure) {
    assertThat(failure.firstErrorLine("de_DE.UTF-8", false)).isEqualTo(failure.german());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("errorKinds")
  void isGermanUnderLangDe(Failure failure) {
    assertThat(failure.firstErrorLine("de", true)).isEqualTo(failure.german());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("errorKinds")
  void staysEnglishOtherwise(Failure failure) {
    assertThat(failure.firstErrorLine("en_US.UTF-8", false)).isEqualTo(failure.english());
    assertThat(failure.firstErrorLine("en", true)).isEqualTo(failure.english());
  }

  @Test
  void doctorSaysInGermanThatOllamaRefusesTheConnection() throws IOException {
    String nobody = "http://127.0.0.1:" + freePort();

    Cli.Result german = Cli.at(home).run("doctor", "--host", nobody, "--lang", "de");
    Cli.Result english = Cli.at(home).run("doctor", "--host", nobody, "--lang", "en");

    assertThat(german.out())
        .contains("Ollama ist unter " + nobody + " nicht erreichbar (Verbindung abgelehnt).")
        .doesNotContain("is not reachable");
    assertThat(english.out())
        .contains("Ollama is not reachable at " + nobody + " (connection refused).");
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
