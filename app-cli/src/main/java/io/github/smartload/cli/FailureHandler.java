package io.github.smartload.cli;

import com.squareup.moshi.JsonAdapter;
import io.github.smartload.core.ModelNotInstalledException;
import io.github.smartload.core.port.ModelRuntimeException;
import io.github.smartload.core.port.RuntimeDiedException;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * Turns failures into one line on stderr and an exit code: what happened and what to do. Expected
 * failures get no stack trace unless {@code -v} was given; anything else is a bug, and says so.
 * With {@code --json} the same message also goes to stdout as {@code {"error": ...}}, so that
 * stdout still holds one JSON object for the script reading it.
 */
final class FailureHandler implements IExecutionExceptionHandler, IParameterExceptionHandler {

  private final JsonAdapter<Object> json;
  private final Environment env;

  FailureHandler(JsonAdapter<Object> json, Environment env) {
    this.json = json.indent("  ");
    this.env = env;
  }

  @Override
  public int handleExecutionException(
      Exception exception, CommandLine commandLine, ParseResult parseResult) {
    PrintWriter err = commandLine.getErr();
    if (exception instanceof ParameterException usage) {
      return handleParseException(usage, new String[0]);
    }
    if (verbose(commandLine)) {
      exception.printStackTrace(err);
    }
    int code = exitCode(exception);
    String message = new ErrorLines(messages(commandLine)).failure(exception, verbose(commandLine));
    err.println("smartload: " + message);
    err.flush();
    reportAsJson(commandLine, json(commandLine), message);
    return code;
  }

  @Override
  public int handleParseException(ParameterException exception, String[] args) {
    CommandLine commandLine = exception.getCommandLine();
    PrintWriter err = commandLine.getErr();
    Messages text = messages(commandLine);
    String message = new ErrorLines(text).usage(exception);
    err.println("smartload: " + message);
    err.println(text.text("error.help", subcommandPath(commandLine)));
    err.flush();
    // Parsing may have stopped before --json was read, so the arguments are asked too.
    boolean jsonAsked = json(commandLine) || Arrays.asList(args).contains("--json");
    reportAsJson(commandLine, jsonAsked, message);
    return ExitCode.USAGE;
  }

  private void reportAsJson(CommandLine commandLine, boolean jsonAsked, String message) {
    if (jsonAsked) {
      PrintWriter out = commandLine.getOut();
      out.println(json.toJson(Map.of("error", message)));
      out.flush();
    }
  }

  /** The wording in the language chosen as for the log: --lang if it was read, else LANG. */
  private Messages messages(CommandLine commandLine) {
    String flag = topOptions(commandLine) instanceof GlobalOptions options ? options.lang : null;
    return new Messages(Language.choose(Optional.ofNullable(flag), env), false);
  }

  /**
   * A runtime that died while answering is 5 (its outcome is unknown, unlike a refused call); other
   * runtime failures and a model the runtime does not have are 3; everything else expected (config,
   * sizes, memory) is 1.
   */
  static int exitCode(Exception exception) {
    if (exception instanceof RuntimeDiedException) {
      return ExitCode.RUNTIME_DIED;
    }
    return exception instanceof ModelRuntimeException
            || exception instanceof ModelNotInstalledException
        ? ExitCode.RUNTIME
        : ExitCode.USAGE;
  }

  private static String subcommandPath(CommandLine commandLine) {
    return commandLine.getParent() == null ? "" : commandLine.getCommandName() + " ";
  }

  /** {@code -v} is inherited: given anywhere, its value lands on the top command's options. */
  private static boolean verbose(CommandLine commandLine) {
    return topOptions(commandLine) instanceof GlobalOptions options && options.verbose();
  }

  private static boolean json(CommandLine commandLine) {
    return topOptions(commandLine) instanceof GlobalOptions options && options.json();
  }

  private static Object topOptions(CommandLine commandLine) {
    CommandLine top = commandLine;
    while (top.getParent() != null) {
      top = top.getParent();
    }
    return top.getCommand() instanceof SmartloadCommand smartload ? smartload.options() : null;
  }
}
