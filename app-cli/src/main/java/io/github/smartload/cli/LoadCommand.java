package io.github.smartload.cli;

import io.github.smartload.cli.Messages.Symbol;
import io.github.smartload.core.KeepAlive;
import io.github.smartload.core.ModelName;
import io.github.smartload.core.load.LoadRequest;
import io.github.smartload.core.load.LoadResult;
import io.github.smartload.core.load.SmartLoader;
import io.github.smartload.core.port.LoadListener;
import jakarta.inject.Inject;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code smartload load MODEL}: check, unload what the decision says, wait until the memory is
 * back, then load with a keep-alive.
 */
@Command(
    mixinStandardHelpOptions = true,
    name = "load",
    description = "Load MODEL smartly: unload what must go, wait for the memory, then load.")
final class LoadCommand implements Callable<Integer> {

  @ParentCommand SmartloadCommand parent;

  @Spec CommandSpec spec;

  @Parameters(paramLabel = "MODEL", description = "The model to load, e.g. qwen2.5:32b.")
  ModelName model;

  @Option(
      names = "--keep-alive",
      paramLabel = "DURATION",
      description = "How long the model stays resident (Go duration; default 15m, -1m forever).")
  KeepAlive keepAlive;

  @Option(
      names = "--strict",
      description = "When the model cannot fit even after unloading, do nothing (exit 2).")
  boolean strict;

  @Option(names = "--no-preload", description = "Only make room; do not load the model.")
  boolean noPreload;

  @Option(
      names = "--context",
      paramLabel = "TOKENS",
      description =
          "Load at this context (num_ctx per sequence), and decide by the footprint at it.")
  Integer context;

  @Mixin UnloadTimeout unloadTimeout;

  private final Invocation invocation;
  private final Connections connections;
  private final Environment env;

  @Inject
  LoadCommand(Invocation invocation, Connections connections, Environment env) {
    this.invocation = invocation;
    this.connections = connections;
    this.env = env;
  }

  @Override
  public Integer call() {
    Invocation.Started run = invocation.start(parent.options(), spec);
    Settings settings = run.settings();
    Console console = run.console();
    LoadRequest request =
        new LoadRequest(
            model,
            Optional.ofNullable(keepAlive).orElse(settings.keepAlive()),
            strict,
            !noPreload,
            Set.of(),
            Optional.empty(),
            context == null ? OptionalInt.empty() : OptionalInt.of(positive(context)));
    EstimateSeen log = new EstimateSeen(console.loadLog(settings.policy().margin()));
    LoadResult result;
    if (env.interactive() && !console.json()) {
      try (LoadProgress progress =
          new LoadProgress(console.err(), console.messages(), log, connections.clock())) {
        result = load(settings, progress, request);
      }
    } else {
      result = load(settings, log, request);
    }
    if (console.json()) {
      console.json(JsonReports.withEstimate(JsonReports.load(result), log.estimate()));
    } else {
      explain(result, console);
    }
    return exitCode(result);
  }

  static int positive(int tokens) {
    if (tokens < 1) {
      throw new ConfigException("--context is a positive number of tokens, not " + tokens);
    }
    return tokens;
  }

  private LoadResult load(Settings settings, LoadListener listener, LoadRequest request) {
    SmartLoader loader =
        connections.loader(
            settings,
            connections.probe(settings),
            connections.runtime(settings).runtime(),
            unloadTimeout.value);
    return loader.load(request, listener);
  }

  private void explain(LoadResult result, Console console) {
    Messages messages = console.messages();
    switch (result.outcome()) {
      case REFUSED -> console.line(messages.line(0, Symbol.FAIL, "load.refused", model));
      case READY -> console.line(messages.line(0, Symbol.OK, "load.ready", model));
      case NO_ROOM -> console.line(messages.line(0, Symbol.FAIL, "load.noroom", model));
      case LOADED, ALREADY_LOADED -> {}
    }
  }

  private static int exitCode(LoadResult result) {
    return switch (result.outcome()) {
      case REFUSED -> ExitCode.WONT_FIT;
      case NO_ROOM -> ExitCode.UNLOAD_FAILED;
      case LOADED, READY, ALREADY_LOADED ->
          result.failed().isEmpty() ? ExitCode.DONE : ExitCode.UNLOAD_FAILED;
    };
  }
}
