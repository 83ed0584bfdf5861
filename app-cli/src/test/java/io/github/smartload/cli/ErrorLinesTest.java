package io.github.smartload.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.smartload.core.port.RuntimeUnreachableException;
import io.github.smartload.core.port.RuntimeUnreachableException.Reason;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.MissingParameterException;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/** The wordings the CLI runs do not reach easily, and the rule that a line is never half German. */
class ErrorLinesTest {

  private final CommandLine command = new CommandLine(CommandSpec.create());
  private final ErrorLines german = new ErrorLines(new Messages(Locale.GERMAN, false));
  private final ErrorLines english = new ErrorLines(new Messages(Locale.ENGLISH, false));

  @Test
  void anUnknownHostIsNamedInEitherLanguage() {
    RuntimeUnreachableException unknown =
        new RuntimeUnreachableException(
            "Ollama is not reachable at http://ollama.lan:11434 (unknown host ollama.lan). Is"
                + " `ollama serve` running? Set OLLAMA_HOST or --host.",
            null,
            "http://ollama.lan:11434",
            Reason.UNKNOWN_HOST);

    assertThat(german.failure(unknown, false))
        .isEqualTo(
            "Ollama ist unter http://ollama.lan:11434 nicht erreichbar (unbekannter Host"
                + " ollama.lan). Läuft `ollama serve`? OLLAMA_HOST oder --host setzen.");
    assertThat(english.failure(unknown, false)).isEqualTo(unknown.getMessage());
  }

  @Test
  void noAnswerInTimeNamesTheRequestAndTheWait() {
    RuntimeUnreachableException slow =
        new RuntimeUnreachableException(
            "Ollama at http://127.0.0.1:11434 did not answer: GET /api/ps got no answer within"
                + " 0.1s. It may be busy loading a model; try again in a moment.",
            null,
            "http://127.0.0.1:11434",
            "GET /api/ps",
            Duration.ofMillis(100));

    assertThat(german.failure(slow, false))
        .isEqualTo(
            "Ollama unter http://127.0.0.1:11434 hat nicht geantwortet: GET /api/ps bekam"
                + " innerhalb von 0.1s keine Antwort. Vielleicht lädt es gerade ein Modell; gleich"
                + " noch einmal versuchen.");
    assertThat(english.failure(slow, false)).isEqualTo(slow.getMessage());
  }

  @Test
  void aFailureWithoutFactsKeepsItsEnglishMessageWhole() {
    RuntimeUnreachableException timedOut =
        new RuntimeUnreachableException("Ollama at http://x did not answer: ...", null);

    assertThat(german.failure(timedOut, false)).isEqualTo(timedOut.getMessage());
  }

  @Test
  void picocliMessagesKeepTheirTokensVerbatim() {
    assertThat(german.usage(unmatched("Unknown options: '--a', '--b'")))
        .isEqualTo("Unbekannte Optionen: '--a', '--b'");
    assertThat(german.usage(unmatched("Unmatched arguments from index 2: 'x', 'y'")))
        .isEqualTo("Überzählige Argumente ab Stelle 2: 'x', 'y'");
    assertThat(german.usage(missing("Missing required option: '--host=HOST'")))
        .isEqualTo("Erforderliche Option fehlt: '--host=HOST'");
    assertThat(german.usage(missing("Missing required parameter for option '--host' (HOST)")))
        .isEqualTo("Option '--host' braucht einen Wert (HOST)");
  }

  @Test
  void aUsageMessageOfAnotherShapeOrTypeStaysEnglish() {
    String invalid = "Invalid value for option '--lang': 'xx' is not a language smartload speaks";

    assertThat(german.usage(new ParameterException(command, invalid))).isEqualTo(invalid);
    assertThat(german.usage(new ParameterException(command, "Unknown option: '--x'")))
        .isEqualTo("Unknown option: '--x'");
    assertThat(german.usage(unmatched("Unknown option: '--x'\nPossible solutions: --y")))
        .isEqualTo("Unknown option: '--x'\nPossible solutions: --y");
  }

  private UnmatchedArgumentException unmatched(String message) {
    return new UnmatchedArgumentException(command, message);
  }

  private MissingParameterException missing(String message) {
    return new MissingParameterException(command, List.of(), message);
  }
}
