package io.github.smartload.cli;

import io.github.smartload.core.Durations;
import io.github.smartload.core.ModelNotInstalledException;
import io.github.smartload.core.ModelSizeUnknownException;
import io.github.smartload.core.SmartloadException;
import io.github.smartload.core.port.MemoryProbeException;
import io.github.smartload.core.port.RuntimeDiedException;
import io.github.smartload.core.port.RuntimeUnreachableException;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.MissingParameterException;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * An error line in the operator's language, worded from the failure's type and facts. A failure
 * whose facts no wording covers keeps its own English message, whole: never half translated.
 */
final class ErrorLines {

  /** A picocli usage message this class can word: its key and the shape of picocli's English. */
  private record Usage(Class<? extends ParameterException> type, String key, Pattern english) {}

  // picocli's messages (4.7); the quoted tokens are kept verbatim, only the words around them
  // change. A message of another shape (or of more than one line) stays as picocli wrote it.
  private static final List<Usage> USAGES =
      List.of(
          usage(UnmatchedArgumentException.class, "unknown_option", "Unknown option: ('.*')"),
          usage(UnmatchedArgumentException.class, "unknown_options", "Unknown options: ('.*')"),
          usage(
              UnmatchedArgumentException.class,
              "unmatched_argument",
              "Unmatched argument at index (\\d+): ('.*')"),
          usage(
              UnmatchedArgumentException.class,
              "unmatched_arguments",
              "Unmatched arguments from index (\\d+): ('.*')"),
          usage(
              MissingParameterException.class,
              "missing_value",
              "Missing required parameter for option ('[^']+') \\((.+)\\)"),
          usage(
              MissingParameterException.class,
              "missing_parameter",
              "Missing required parameter: ('[^']*')"),
          usage(
              MissingParameterException.class,
              "missing_parameters",
              "Missing required parameters: ('.*')"),
          usage(
              MissingParameterException.class, "missing_option", "Missing required option: ('.*')"),
          usage(
              MissingParameterException.class,
              "missing_options",
              "Missing required options: (.*)"));

  private final Messages text;

  ErrorLines(Messages text) {
    this.text = text;
  }

  /** The line for a failure of a command: core's facts, with what to do about them. */
  String failure(Exception exception, boolean verbose) {
    if (exception instanceof ModelNotInstalledException notInstalled) {
      return text.text("error.not_installed", notInstalled.model());
    }
    if (exception instanceof ModelSizeUnknownException unknown) {
      return text.text("error.size_unknown", unknown.model(), text.runtime(unknown.runtime()));
    }
    Optional<String> worded =
        exception instanceof RuntimeDiedException died
            ? died(died)
            : exception instanceof RuntimeUnreachableException unreachable
                ? unreachable(unreachable)
                : exception instanceof MemoryProbeException memory
                    ? memory(memory)
                    : Optional.empty();
    if (worded.isPresent()) {
      return worded.get();
    }
    if (exception instanceof SmartloadException) {
      return exception.getMessage();
    }
    return text.text(
            "error.unexpected", exception.getClass().getSimpleName(), exception.getMessage())
        + (verbose ? "" : " " + text.text("error.unexpected.verbose"));
  }

  /** The line for a usage error, its offending tokens as the operator typed them. */
  String usage(ParameterException exception) {
    String message = exception.getMessage();
    for (Usage usage : USAGES) {
      Matcher matcher = usage.english().matcher(message);
      if (usage.type().isInstance(exception) && matcher.matches()) {
        Object[] tokens = new Object[matcher.groupCount()];
        for (int i = 0; i < tokens.length; i++) {
          tokens[i] = matcher.group(i + 1);
        }
        return text.text("error.usage." + usage.key(), tokens);
      }
    }
    return message;
  }

  private Optional<String> unreachable(RuntimeUnreachableException exception) {
    if (exception.address().isEmpty() || exception.reason().isEmpty()) {
      return Optional.empty();
    }
    String address = exception.address().get();
    return Optional.of(
        switch (exception.reason().get()) {
          case REFUSED -> text.text("error.unreachable.refused", address);
          case UNKNOWN_HOST ->
              text.text("error.unreachable.unknown_host", address, URI.create(address).getHost());
          case NO_ANSWER_IN_TIME ->
              text.text(
                  "error.unreachable.no_answer_in_time",
                  address,
                  exception.endpoint().orElseThrow(),
                  Durations.brief(exception.waited().orElseThrow()));
        });
  }

  private Optional<String> died(RuntimeDiedException exception) {
    if (exception.address().isEmpty()
        || exception.interrupted().isEmpty()
        || exception.subject().isEmpty()) {
      return Optional.empty();
    }
    String key = "error.died." + exception.interrupted().get().name().toLowerCase(Locale.ROOT);
    return Optional.of(text.text(key, exception.address().get(), exception.subject().get()));
  }

  private Optional<String> memory(MemoryProbeException exception) {
    return exception
        .problem()
        .map(
            problem ->
                switch (problem) {
                  case FILE_MISSING ->
                      text.text("error.memory.file_missing", exception.file().orElseThrow());
                  case FIELD_MISSING ->
                      text.text(
                          "error.memory.field_missing",
                          exception.file().orElseThrow(),
                          exception.field().orElseThrow());
                });
  }

  private static Usage usage(Class<? extends ParameterException> type, String key, String regex) {
    return new Usage(type, key, Pattern.compile(regex));
  }
}
