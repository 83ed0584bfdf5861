package io.github.smartload.cli;

import io.github.smartload.cli.Messages.Symbol;
import io.github.smartload.core.ByteSize;
import io.github.smartload.core.Decision;
import io.github.smartload.core.LoadPolicy;
import io.github.smartload.core.LoadedModel;
import io.github.smartload.core.MemorySnapshot;
import io.github.smartload.core.ModelName;
import io.github.smartload.core.PoolUse;
import io.github.smartload.core.footprint.ServerSettings;
import io.github.smartload.core.load.LoadPlanner;
import io.github.smartload.core.load.LoadRequest;
import io.github.smartload.core.port.GpuProbe;
import io.github.smartload.core.port.MemoryProbe;
import io.github.smartload.core.port.ModelReader;
import io.github.smartload.core.size.ModelSize;
import io.github.smartload.core.size.Requirements;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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

  @Option(
      names = "--context",
      paramLabel = "TOKENS",
      description = "Decide for a load at this context (num_ctx per sequence).")
  Integer context;

  @Option(
      names = "--max-context",
      description =
          "Also show the largest context that fits now, and after unloading what may be"
              + " unloaded (multiples of 256).")
  boolean maxContext;

  @Option(
      names = "--facts",
      paramLabel = "FILE",
      description = "The model's facts: an /api/show answer saved to a file (works offline).")
  Path facts;

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
    ModelReader reader =
        offline
            ? new GivenRuntime(loaded, connections.clock().instant())
            : connections.runtime(settings).runtime();
    ModelReader runtime =
        facts == null
            ? reader
            : FactsFile.over(
                reader,
                model,
                facts,
                Optional.ofNullable(size)
                    .or(() -> policy.sizeTable().sizeOf(model))
                    .or(() -> reader.sizeOf(model)));
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
    // Offline there are no GPUs to read: Ollama's tier without a GPU, unless a setting names one.
    ServerSettings server =
        offline ? settings.ollamaServer().toServer(List.of()) : connections.server(settings);
    Requirements requirements = connections.requirements(settings, runtime, server);
    // Offline the given numbers are all there is: RAM only, as Ollama's tier above.
    GpuProbe gpus = offline ? GpuProbe.NONE : connections.gpus(settings);
    LoadPlanner planner = connections.planner(settings, probe, gpus, runtime, server);
    LoadRequest request = LoadRequest.of(model);
    if (size != null) {
      request = request.withSize(size);
    }
    if (context != null) {
      request = request.withNumCtx(LoadCommand.positive(context));
    }
    EstimateSeen log = new EstimateSeen(console.loadLog(policy.margin()));
    Decision decision = planner.plan(request, log);
    Optional<MaxContext> largest =
        maxContext
            ? Optional.of(
                MaxContext.of(
                    requirements, model, Optional.ofNullable(size), decision, policy, log.pools()))
            : Optional.empty();
    if (console.json()) {
      Map<String, Object> json =
          JsonReports.withEstimate(JsonReports.plan(decision), log.estimate());
      largest.ifPresent(found -> found.addTo(json));
      console.json(json);
    } else {
      explain(decision, console.messages(), console);
      largest.ifPresent(found -> found.explain(console.messages(), console));
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
      ByteSize vram = LoadedModel.totalVram(toUnload);
      // Models holding VRAM (a GPU's share) say so: their RAM alone would understate them.
      console.line(
          vram.bytes() == 0
              ? messages.line(0, Symbol.SWEEP, "plan.would.unload", names, total)
              : messages.line(0, Symbol.SWEEP, "plan.would.unload.vram", names, total, vram));
      console.line(
          messages.line(
              0, ramAfterSymbol(decision), "plan.would.after", decision.expectedAvailableAfter()));
    }
    if (decision instanceof Decision.WontFit) {
      console.line(messages.line(3, Symbol.NONE, "plan.strict"));
      console.line(messages.line(3, Symbol.NONE, "plan.nonstrict"));
    }
  }

  /**
   * The mark of the RAM line: a wont-fit warns, unless GPUs are known and RAM would then hold its
   * part (another pool is short); without GPUs RAM is the only pool, so the warning stays.
   */
  private static Symbol ramAfterSymbol(Decision decision) {
    if (decision instanceof Decision.Unload) {
      return Symbol.OK;
    }
    List<PoolUse> pools = decision.check().pools();
    boolean ramShort = pools.stream().anyMatch(pool -> !pool.isGpu() && pool.isShort());
    return pools.isEmpty() || ramShort ? Symbol.WARN : Symbol.OK;
  }
}
