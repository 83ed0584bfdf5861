package io.github.smartload.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code smartload serve}: the Ollama-compatible proxy, which its own issue builds. */
@Command(name = "serve", description = "Run the Ollama-compatible proxy (not available yet).")
public final class ServeCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine()
        .getErr()
        .println("smartload: serve is not available yet; use load before calling Ollama for now");
    return ExitCode.USAGE;
  }
}
