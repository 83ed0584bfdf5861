package io.github.smartload.cli;

import com.squareup.moshi.JsonAdapter;
import io.github.smartload.core.ModelNotInstalledException;
import io.github.smartload.core.ModelSizeUnknownException;
import io.github.smartload.core.SmartloadException;
import io.github.smartload.core.port.ModelRuntimeException;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.Map;
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

  FailureHandler(JsonAdapter<Object> json) {
    this.json = json.indent("  ");
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
    String message = message(exception, verbose(commandLine));
    err.println("smartload: " + message);
    err.flush();
    reportAsJson(commandLine, json(commandLine), message);
    return code;
  }

  @Override
  public int handleParseException(ParameterException exception, String[] args) {
    CommandLine commandLine = exception.getCommandLine();
    PrintWriter err = commandLine.getErr();
    err.println("smartload: " + exception.getMessage());
    err.println(
        "Try 'smartload "
            + subcommandPath(commandLine)
            + "--help' for the options and their forms.");
    err.flush();
    // Parsing may have stopped before --json was read, so the arguments are asked too.
    boolean jsonAsked = json(commandLine) || Arrays.asList(args).contains("--json");
    reportAsJson(commandLine, jsonAsked, exception.getMessage());
    return ExitCode.USAGE;
  }

  /** The one line for {@code exception}: core's facts, with what to do about them. */
  private static String message(Exception exception, boolean verbose) {
    if (exception instanceof ModelNotInstalledException notInstalled) {
      return notInstalled.getMessage() + ": ollama pull " + notInstalled.model();
    }
    if (exception instanceof ModelSizeUnknownException unknown) {
      return unknown.getMessage()
          + ": it is not in the size table and "
          + unknown.runtime()
          + " does not have it installed. Pull it first, or add it to the size table.";
    }
    if (exception instanceof SmartloadException) {
      return exception.getMessage();
    }
    return "unexpected "
        + exception.getClass().getSimpleName()
        + ": "
        + exception.getMessage()
        + (verbose ? "" : " (run with -v for the stack trace)");
  }

  private void reportAsJson(CommandLine commandLine, boolean jsonAsked, String message) {
    if (jsonAsked) {
      PrintWriter out = commandLine.getOut();
      out.println(json.toJson(Map.of("error", message)));
      out.flush();
    }
  }

  /**
   * Runtime failures and a model the runtime does not have are 3; everything else expected (config,
   * sizes, memory) is 1.
   */
  static int exitCode(Exception exception) {
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
