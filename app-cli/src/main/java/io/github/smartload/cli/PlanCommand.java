package io.github.smartload.cli;

import io.github.smartload.cli.Messages.Symbol;
import io.github.smartload.core.ByteSize;
import io.github.smartload.core.Decision;
import io.github.smartload.core.LoadPolicy;
import io.github.smartload.core.LoadedModel;
import io.github.smartload.core.MemorySnapshot;
import io.github.smartload.core.ModelName;
import io.github.smartload.core.load.LoadPlanner;
import io.github.smartload.core.load.LoadRequest;
import io.github.smartload.core.port.MemoryProbe;
import io.github.smartload.core.port.ModelReader;
import io.github.smartload.core.size.ModelSize;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code smartload plan MODEL}: the decision without doing it. With {@code --available} or {@code
 * --loaded} it runs offline: the given numbers replace the memory probe and Ollama.
 */
@Command(
    mixinStandardHelpOptions = true,
    name = "plan",
    description = "Show the decision for loading MODEL, with every number, without doing it.")
final class PlanCommand implements Callable<Integer> {

  @ParentCommand SmartloadCommand parent;

  @Spec CommandSpec spec;

  @Parameters(paramLabel = "MODEL", description = "The model to load, e.g. qwen2.5:32b.")
  ModelName model;

  @Option(
      names = "--available",
      paramLabel = "SIZE",
      description = "Available memory to assume instead of reading it (offline).")
  ByteSize available;

  @Option(
      names = "--loaded",
      paramLabel = "NAME=SIZE",
      description = "A resident model to assume instead of asking Ollama (offline; repeatable).")
  List<GivenModel> loaded = new ArrayList<>();

  @Option(
      names = "--size",
      paramLabel = "SIZE",
      description = "The model's size, instead of the size table and Ollama.")
  ByteSize size;

  private final Invocation invocation;
  private final Connections connections;

  @Inject
  PlanCommand(Invocation invocation, Connections connections) {
    this.invocation = invocation;
    this.connections = connections;
  }

  @Override
  public Integer call() {
    Invocation.Started run = invocation.start(parent.options(), spec);
    Settings settings = run.settings();
    Console console = run.console();
    refuseRepeatedLoaded();
    boolean offline = available != null || !loaded.isEmpty();
    LoadPolicy policy = settings.policy();
    ModelReader runtime =
        offline
            ? new GivenRuntime(loaded, connections.clock().instant())
            : connections.runtime(settings).runtime();
    // Offline, the given models are all there is to ask: say so before reading anything.
    if (offline
        && size == null
        && connections.sizing(settings, runtime).sizeOf(model) instanceof ModelSize.Unknown) {
      throw new ConfigException(
          model
              + " is not in the size table, and offline there is no Ollama to ask: give its size"
              + " with --size (e.g. --size 4.1GB), or use --size-source table");
    }
    MemoryProbe probe =
        available != null ? () -> MemorySnapshot.given(available) : connections.probe(settings);
    LoadPlanner planner = connections.planner(settings, probe, runtime);
    LoadRequest request = LoadRequest.of(model);
    Decision decision =
        planner.plan(
            size == null ? request : request.withSize(size), console.loadLog(policy.margin()));
    if (console.json()) {
      console.json(JsonReports.plan(decision));
    } else {
      explain(decision, console.messages(), console);
    }
    return ExitCode.DONE;
  }

  /** A model is resident once: given twice, it would be counted (and unloaded) twice. */
  private void refuseRepeatedLoaded() {
    Map<ModelName, GivenModel> seen = new HashMap<>();
    for (GivenModel given : loaded) {
      GivenModel first = seen.putIfAbsent(given.name(), given);
      if (first != null) {
        throw new ConfigException(
            "--loaded gives "
                + given.name()
                + " twice ("
                + first.size()
                + " and "
                + given.size()
                + "): give each resident model once");
      }
    }
  }

  /** What a load would do next, which the log of the decision alone does not say. */
  private static void explain(Decision decision, Messages messages, Console console) {
    List<LoadedModel> toUnload = decision.toUnload();
    if (!toUnload.isEmpty()) {
      String names =
          toUnload.stream().map(m -> m.name().toString()).collect(Collectors.joining(", "));
      ByteSize total = LoadedModel.totalRam(toUnload);
      console.line(messages.line(0, Symbol.SWEEP, "plan.would.unload", names, total));
      Symbol symbol = decision instanceof Decision.Unload ? Symbol.OK : Symbol.WARN;
      console.line(messages.line(0, symbol, "plan.would.after", decision.expectedAvailableAfter()));
    }
    if (decision instanceof Decision.WontFit) {
      console.line(messages.line(3, Symbol.NONE, "plan.strict"));
      console.line(messages.line(3, Symbol.NONE, "plan.nonstrict"));
    }
  }
}
