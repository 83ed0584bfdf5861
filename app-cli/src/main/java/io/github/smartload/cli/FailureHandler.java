package io.github.smartload.cli;

import io.github.smartload.core.SmartloadException;
import io.github.smartload.core.port.ModelRuntimeException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * Turns failures into one line on stderr and an exit code: what happened and what to do. Expected
 * failures get no stack trace unless {@code -v} was given; anything else is a bug, and says so.
 */
final class FailureHandler implements IExecutionExceptionHandler, IParameterExceptionHandler {

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
    String message =
        exception instanceof SmartloadException
            ? exception.getMessage()
            : "unexpected "
                + exception.getClass().getSimpleName()
                + ": "
                + exception.getMessage()
                + (verbose(commandLine) ? "" : " (run with -v for the stack trace)");
    err.println("smartload: " + message);
    err.flush();
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
    return ExitCode.USAGE;
  }

  /** Runtime failures are 3; everything else expected (config, sizes, memory) is 1. */
  static int exitCode(Exception exception) {
    return exception instanceof ModelRuntimeException ? ExitCode.RUNTIME : ExitCode.USAGE;
  }

  private static String subcommandPath(CommandLine commandLine) {
    return commandLine.getParent() == null ? "" : commandLine.getCommandName() + " ";
  }

  /** {@code -v} is inherited: given anywhere, its value lands on the top command's options. */
  private static boolean verbose(CommandLine commandLine) {
    CommandLine top = commandLine;
    while (top.getParent() != null) {
      top = top.getParent();
    }
    return top.getCommand() instanceof SmartloadCommand smartload && smartload.options().verbose();
  }
}
