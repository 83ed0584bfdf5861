package io.github.smartload.cli;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Module;
import com.google.inject.util.Modules;
import com.squareup.moshi.Moshi;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import picocli.CommandLine;

/** The {@code smartload} command. */
public final class SmartloadMain {

  private SmartloadMain() {}

  public static void main(String[] args) {
    PrintWriter out = new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8));
    PrintWriter err = new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8));
    System.exit(run(out, err, new Environment(System.getenv(), System.console() != null), args));
  }

  /** Runs the command with its streams, environment and arguments and returns the exit code. */
  public static int run(PrintWriter out, PrintWriter err, Environment env, String... args) {
    return run(out, err, env, List.of(), args);
  }

  /** As {@link #run(PrintWriter, PrintWriter, Environment, String...)}, with bindings replaced. */
  static int run(
      PrintWriter out, PrintWriter err, Environment env, List<Module> overrides, String... args) {
    Module wiring = Modules.combine(new SmartloadModule(env), new OllamaModule(), new ProcModule());
    if (!overrides.isEmpty()) {
      wiring = Modules.override(wiring).with(overrides);
    }
    Injector injector = Guice.createInjector(wiring);
    CommandLine commandLine = new CommandLine(SmartloadCommand.class, new GuiceFactory(injector));
    FailureHandler failures =
        new FailureHandler(injector.getInstance(Moshi.class).adapter(Object.class), env);
    HelpLayout.apply(commandLine);
    Converters.register(commandLine)
        .setOut(out)
        .setErr(err)
        .setExecutionExceptionHandler(failures)
        .setParameterExceptionHandler(failures);
    try {
      return commandLine.execute(args);
    } finally {
      out.flush();
      err.flush();
    }
  }
}
