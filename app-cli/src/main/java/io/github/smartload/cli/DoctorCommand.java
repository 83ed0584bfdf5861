package io.github.smartload.cli;

import io.github.smartload.core.GpuDevice;
import io.github.smartload.core.LoadedModel;
import io.github.smartload.core.MemorySnapshot;
import io.github.smartload.core.port.GpuProbeException;
import io.github.smartload.core.port.MemoryProbeException;
import io.github.smartload.core.port.ModelRuntimeException;
import io.github.smartload.core.port.RuntimeProtocolException;
import io.github.smartload.core.port.RuntimeUnreachableException;
import io.github.smartload.proc.GpuSelection;
import jakarta.inject.Inject;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code smartload doctor}: the original's troubleshooting as checks, each OK, WARN or FAIL with a
 * one-line fix. Exits 3 when Ollama cannot be reached, 1 when another check fails, else 0.
 */
@Command(
    mixinStandardHelpOptions = true,
    name = "doctor",
    description = "Check Ollama, memory, swap and keep-alive; suggest fixes.")
final class DoctorCommand implements Callable<Integer> {

  @ParentCommand SmartloadCommand parent;

  @Spec CommandSpec spec;

  private final Invocation invocation;
  private final Connections connections;

  @Inject
  DoctorCommand(Invocation invocation, Connections connections) {
    this.invocation = invocation;
    this.connections = connections;
  }

  @Override
  public Integer call() {
    Invocation.Started run = invocation.start(parent.options(), spec);
    Settings settings = run.settings();
    Console console = run.console();
    List<DoctorCheck> checks = new ArrayList<>();
    Messages text = console.messages();
    Optional<MemorySnapshot> memory = readMemory(settings, checks, text);
    RuntimeConnector.Connection connection = connections.runtime(settings);
    Optional<List<LoadedModel>> loaded = Optional.empty();
    boolean reachable;
    try {
      String version = connection.version();
      loaded = Optional.of(connection.runtime().loadedModels());
      checks.add(
          0,
          DoctorCheck.ok(
              "Ollama",
              text.text("doctor.ollama.ok", version, text.runtime(connection.runtime()))));
      reachable = true;
    } catch (ModelRuntimeException e) {
      String failure = new ErrorLines(text).failure(e, false);
      checks.add(0, DoctorCheck.fail("Ollama", failure, fixFor(e, text)));
      reachable = false;
    }
    memory.ifPresent(
        snapshot -> {
          checks.add(DoctorChecks.swap(snapshot, text));
          checks.add(DoctorChecks.pressure(snapshot.pressure(), text));
          checks.add(DoctorChecks.ram(snapshot, text));
        });
    checks.addAll(gpus(settings, loaded, text));
    checks.add(keepAlive(settings, text));
    checks.addAll(serverSettings(settings, text));
    if (memory.isPresent() && loaded.isPresent()) {
      checks.add(DoctorChecks.together(loaded.get(), memory.get(), settings.policy(), text));
    }
    show(checks, console);
    if (!reachable) {
      return ExitCode.RUNTIME;
    }
    boolean failed = checks.stream().anyMatch(c -> c.status() == DoctorCheck.Status.FAIL);
    return failed ? ExitCode.USAGE : ExitCode.DONE;
  }

  /** The GPUs found, and whether resident models use them; nothing on a machine without one. */
  private List<DoctorCheck> gpus(
      Settings settings, Optional<List<LoadedModel>> loaded, Messages text) {
    List<GpuDevice> devices;
    try {
      devices = connections.gpus(settings).devices();
    } catch (GpuProbeException e) {
      return List.of(GpuChecks.failed(e.getMessage(), text));
    }
    List<DoctorCheck> checks = new ArrayList<>();
    String smi = settings.nvidiaSmi();
    // A path that names nothing reads as "no NVIDIA GPU", as a missing tool does: say so here.
    boolean asksNvidia =
        settings.gpu() == GpuSelection.AUTO || settings.gpu() == GpuSelection.NVIDIA;
    if (asksNvidia && smi.contains("/") && !Files.isExecutable(Path.of(smi))) {
      checks.add(GpuChecks.noNvidiaSmiAt(smi, text));
    }
    if (checks.isEmpty() || !devices.isEmpty()) {
      GpuChecks.devices(devices, settings.gpu(), text).ifPresent(checks::add);
    }
    GpuChecks.use(devices, loaded.orElse(List.of()), text).ifPresent(checks::add);
    return checks;
  }

  /** Not reachable, answering nonsense and answering with an error need different fixes. */
  private static String fixFor(ModelRuntimeException failure, Messages text) {
    if (failure instanceof RuntimeUnreachableException) {
      return text.text("doctor.ollama.fix.unreachable");
    }
    if (failure instanceof RuntimeProtocolException) {
      return text.text("doctor.ollama.fix.protocol");
    }
    return text.text("doctor.ollama.fix.rejected");
  }

  private static DoctorCheck keepAlive(Settings settings, Messages text) {
    SystemdUnit unit = new SystemdUnit(settings.systemdRoot(), "ollama.service");
    try {
      return DoctorChecks.keepAlive(
          !unit.files().isEmpty(),
          unit.environment("OLLAMA_KEEP_ALIVE"),
          settings.keepAlive(),
          text);
    } catch (UncheckedIOException e) {
      // A drop-in holding secrets is often readable by root only: a finding, not a crash.
      return DoctorCheck.warn(
          "OLLAMA_KEEP_ALIVE",
          text.text("doctor.unit.unreadable", e.getCause().getMessage()),
          text.text("doctor.unit.unreadable.fix"));
    }
  }

  /**
   * Ollama's settings that change a footprint, each with where it was read: facts, not findings.
   */
  private static List<DoctorCheck> serverSettings(Settings settings, Messages text) {
    List<DoctorCheck> checks = new ArrayList<>();
    for (OllamaServerSettings.Setting setting : settings.ollamaServer().all()) {
      String detail =
          setting.value().isPresent()
              ? text.text(
                  "doctor.server.set",
                  setting.value().get(),
                  text.text(
                      "doctor.server.origin." + setting.origin().name().toLowerCase(Locale.ROOT),
                      setting.file()))
              : text.text(
                  "doctor.server.unset", text.text("doctor.server.default." + setting.name()));
      checks.add(DoctorCheck.ok(setting.name(), detail));
    }
    return checks;
  }

  private Optional<MemorySnapshot> readMemory(
      Settings settings, List<DoctorCheck> checks, Messages text) {
    try {
      return Optional.of(connections.probe(settings).read());
    } catch (MemoryProbeException e) {
      String failure = new ErrorLines(text).failure(e, false);
      checks.add(DoctorCheck.fail("memory", failure, text.text("doctor.memory.fix")));
      return Optional.empty();
    }
  }

  private static void show(List<DoctorCheck> checks, Console console) {
    if (console.json()) {
      List<Map<String, Object>> list = new ArrayList<>();
      for (DoctorCheck check : checks) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("name", check.name());
        json.put("status", check.status().name());
        json.put("detail", check.detail());
        if (!check.fix().isEmpty()) {
          json.put("fix", check.fix());
        }
        list.add(json);
      }
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("checks", list);
      console.json(json);
      return;
    }
    Messages text = console.messages();
    for (DoctorCheck check : checks) {
      // OK, WARN and FAIL stay as they are in every language, so that grep finds them.
      String status = String.format(Locale.ROOT, "%-6s", "[" + check.status() + "]");
      console.line(status + " " + text.checkName(check.name()) + ": " + check.detail());
      if (!check.fix().isEmpty()) {
        console.line("       " + text.text("doctor.fix", check.fix()));
      }
    }
  }
}
