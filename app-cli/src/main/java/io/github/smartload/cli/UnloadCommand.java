package io.github.smartload.cli;

import io.github.smartload.cli.Messages.Symbol;
import io.github.smartload.core.ModelName;
import io.github.smartload.core.load.SmartLoader;
import io.github.smartload.core.load.UnloadResult;
import io.github.smartload.core.port.LoadEvent;
import io.github.smartload.core.port.LoadListener;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code smartload unload [MODEL...] [--all]}: unload, then confirm that the runtime lists the
 * models no more and that their memory came back. Pinned models go too when named.
 */
@Command(
    name = "unload",
    description = "Unload the named models (or --all) and confirm the memory came back.")
final class UnloadCommand implements Callable<Integer> {

  @ParentCommand SmartloadCommand parent;

  @Spec CommandSpec spec;

  @Parameters(paramLabel = "MODEL", arity = "0..*", description = "The models to unload.")
  List<ModelName> models = new ArrayList<>();

  @Option(names = "--all", description = "Unload every loaded model.")
  boolean all;

  @Option(
      names = "--unload-timeout",
      paramLabel = "DURATION",
      description = "How long to wait for the memory to come back (default 120s).")
  Duration unloadTimeout = SmartLoader.DEFAULT_UNLOAD_DEADLINE;

  private final Invocation invocation;
  private final Connections connections;

  @Inject
  UnloadCommand(Invocation invocation, Connections connections) {
    this.invocation = invocation;
    this.connections = connections;
  }

  @Override
  public Integer call() {
    if (models.isEmpty() == !all) {
      throw new ParameterException(
          spec.commandLine(),
          all
              ? "give either model names or --all, not both"
              : "name the models to unload, or give --all to unload every loaded model");
    }
    Invocation.Started run = invocation.start(parent.options(), spec);
    Settings settings = run.settings();
    Console console = run.console();
    Messages messages = console.messages();
    AtomicBoolean recovered = new AtomicBoolean(true);
    LoadListener listener =
        console
            .loadLog(settings.policy().margin())
            .andThen(
                event -> {
                  if (event instanceof LoadEvent.MemoryAfter after) {
                    recovered.set(after.recovered());
                  }
                });
    SmartLoader loader =
        connections.loader(
            settings,
            connections.probe(settings),
            connections.runtime(settings).runtime(),
            listener,
            unloadTimeout);
    UnloadResult result = loader.unload(models);
    if (console.json()) {
      console.json(JsonReports.unload(result));
    } else {
      for (ModelName name : result.notLoaded()) {
        console.line(messages.line(0, Symbol.WARN, "unload.notloaded", name));
      }
      if (result.unloaded().isEmpty() && result.failed().isEmpty() && models.isEmpty()) {
        console.line(messages.line(0, Symbol.OK, "unload.none"));
      }
    }
    return result.succeeded() && recovered.get() ? ExitCode.DONE : ExitCode.UNLOAD_FAILED;
  }
}
