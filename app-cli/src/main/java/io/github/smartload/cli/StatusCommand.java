package io.github.smartload.cli;

import io.github.smartload.cli.Messages.Symbol;
import io.github.smartload.core.GpuDevice;
import io.github.smartload.core.LoadedModel;
import io.github.smartload.core.MemoryPools;
import io.github.smartload.core.MemorySnapshot;
import io.github.smartload.core.MemorySource;
import io.github.smartload.core.port.ModelRuntime;
import io.github.smartload.core.port.ModelRuntimeException;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code smartload status}: memory and the resident models in one view, {@code free -h} and {@code
 * ollama ps} together, with the GPUs where there are any. When Ollama cannot be reached the memory
 * is still shown (exit 3); when the GPUs cannot be read, the rest is (exit 1).
 */
@Command(
    mixinStandardHelpOptions = true,
    name = "status",
    description = "Show memory and the models Ollama holds resident.")
final class StatusCommand implements Callable<Integer> {

  /** Past this, Ollama shows "Forever": a negative keep-alive sets an expiry around 2318. */
  private static final Instant FOREVER = Instant.parse("2200-01-01T00:00:00Z");

  @ParentCommand SmartloadCommand parent;

  @Spec CommandSpec spec;

  private final Invocation invocation;
  private final Connections connections;

  @Inject
  StatusCommand(Invocation invocation, Connections connections) {
    this.invocation = invocation;
    this.connections = connections;
  }

  @Override
  public Integer call() {
    Invocation.Started run = invocation.start(parent.options(), spec);
    Settings settings = run.settings();
    Console console = run.console();
    MemoryPools pools = connections.pools(settings);
    MemorySnapshot memory = pools.ram();
    List<GpuDevice> gpus = pools.gpus();
    String gpuError = pools.gpuError().orElse(null);
    ModelRuntime runtime = connections.runtime(settings).runtime();
    List<LoadedModel> models = List.of();
    String error = null;
    try {
      models = runtime.loadedModels();
    } catch (ModelRuntimeException e) {
      error = new ErrorLines(console.messages()).failure(e, false);
    }
    if (console.json()) {
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("memory", JsonReports.memory(memory));
      json.put("gpus", gpus.stream().map(JsonReports::gpu).toList());
      if (gpuError != null) {
        json.put("gpuError", gpuError);
      }
      List<Map<String, Object>> list = new ArrayList<>();
      models.forEach(model -> list.add(JsonReports.model(model)));
      json.put("models", list);
      if (error != null) {
        json.put("error", error);
      }
      console.json(json);
    } else {
      showMemory(memory, console);
      showGpus(gpus, console);
      if (error == null) {
        showModels(runtime, models, console);
      }
    }
    if (gpuError != null) {
      console.err().println("smartload: " + gpuError);
      console.err().flush();
    }
    if (error != null) {
      console.err().println("smartload: " + error);
      console.err().flush();
      return ExitCode.RUNTIME;
    }
    return gpuError == null ? ExitCode.DONE : ExitCode.USAGE;
  }

  private static void showMemory(MemorySnapshot memory, Console console) {
    Messages messages = console.messages();
    console.line(messages.line(0, Symbol.CHECK, "status.memory", messages.source(memory.source())));
    if (memory.source().kind() == MemorySource.Kind.LAST_KNOWN_CGROUP) {
      console.line(messages.line(3, Symbol.NONE, "status.lastknown"));
    }
    console.line(messages.line(3, Symbol.NONE, "status.total", memory.total()));
    console.line(messages.line(3, Symbol.NONE, "status.available", memory.available()));
    console.line(
        messages.line(3, Symbol.NONE, "status.swap", memory.swapUsed(), memory.swapTotal()));
    memory
        .pressure()
        .ifPresent(
            psi ->
                console.line(
                    messages.line(
                        3,
                        Symbol.NONE,
                        "status.pressure",
                        percent(psi.someAvg10()),
                        percent(psi.fullAvg10()))));
  }

  /** Nothing on a machine without a GPU, so that its view stays {@code free -h}'s. */
  private static void showGpus(List<GpuDevice> gpus, Console console) {
    if (gpus.isEmpty()) {
      return;
    }
    Messages messages = console.messages();
    console.line(messages.line(0, Symbol.CHECK, "status.gpus"));
    List<String[]> rows = new ArrayList<>();
    rows.add(messages.text("status.gpus.header").split("\\|"));
    for (GpuDevice gpu : gpus) {
      rows.add(
          new String[] {
            Integer.toString(gpu.index()),
            gpu.isDiscrete() ? gpu.name() : messages.text("status.gpus.integrated", gpu.name()),
            gpu.total().toString(),
            gpu.used().toString(),
            gpu.free().toString()
          });
    }
    Table.render(rows).forEach(row -> console.line("   " + row));
  }

  private void showModels(ModelRuntime runtime, List<LoadedModel> models, Console console) {
    Messages messages = console.messages();
    console.line(messages.line(0, Symbol.CHECK, "status.models", messages.runtime(runtime)));
    if (models.isEmpty()) {
      console.line(messages.line(3, Symbol.NONE, "status.none"));
      return;
    }
    List<String[]> rows = new ArrayList<>();
    rows.add(messages.text("status.header").split("\\|"));
    Instant now = connections.clock().instant();
    for (LoadedModel model : models) {
      rows.add(
          new String[] {
            model.name().toString(),
            model.size().toString(),
            vramShare(model),
            expires(model.expiresAt(), now, messages)
          });
    }
    Table.render(rows).forEach(row -> console.line("   " + row));
  }

  private static String vramShare(LoadedModel model) {
    if (model.size().bytes() == 0) {
      return "0%";
    }
    return BigDecimal.valueOf(model.vram().bytes())
            .multiply(BigDecimal.valueOf(100))
            .divide(BigDecimal.valueOf(model.size().bytes()), 0, RoundingMode.HALF_UP)
        + "%";
  }

  private static String expires(Instant expiresAt, Instant now, Messages messages) {
    if (expiresAt.isAfter(FOREVER)) {
      return messages.text("status.expires.forever");
    }
    if (!expiresAt.isAfter(now)) {
      return messages.text("status.expires.stopping");
    }
    Duration left = Duration.between(now, expiresAt);
    String text =
        left.toHours() > 0
            ? left.toHours() + "h" + left.toMinutesPart() + "m"
            : left.toMinutes() > 0
                ? left.toMinutes() + "m" + left.toSecondsPart() + "s"
                : left.toSeconds() + "s";
    return messages.text("status.expires.in", text);
  }

  private static String percent(double value) {
    return BigDecimal.valueOf(value).setScale(2, RoundingMode.HALF_UP).toPlainString();
  }
}
