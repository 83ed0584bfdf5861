package io.github.smartload.cli;

import io.github.smartload.cli.Messages.Symbol;
import io.github.smartload.core.ByteSize;
import io.github.smartload.core.LoadedModel;
import io.github.smartload.core.ModelName;
import io.github.smartload.core.load.SmartUnloader;
import io.github.smartload.core.load.UnloadRequest;
import io.github.smartload.core.load.UnloadResult;
import io.github.smartload.core.port.LoadListener;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
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
    mixinStandardHelpOptions = true,
    name = "unload",
    description = "Unload the named models (or --all) and confirm the memory came back.")
final class UnloadCommand implements Callable<Integer> {

  @ParentCommand SmartloadCommand parent;

  @Spec CommandSpec spec;

  @Parameters(paramLabel = "MODEL", arity = "0..*", description = "The models to unload.")
  List<ModelName> models = new ArrayList<>();

  @Option(names = "--all", description = "Unload every loaded model.")
  boolean all;

  @Mixin UnloadTimeout unloadTimeout;

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
    LoadListener listener = console.loadLog(settings.policy().margin());
    SmartUnloader unloader =
        connections.unloader(
            settings,
            connections.probe(settings),
            connections.runtime(settings).runtime(),
            unloadTimeout.value);
    UnloadResult result =
        unloader.unload(all ? UnloadRequest.all() : UnloadRequest.named(models), listener);
    boolean cameBack = cameBack(result);
    if (console.json()) {
      Map<String, Object> json = JsonReports.unload(result);
      json.put("memoryCameBack", cameBack);
      console.json(json);
    } else {
      for (ModelName name : result.notLoaded()) {
        console.line(messages.line(0, Symbol.WARN, "unload.notloaded", name));
      }
      if (result.unloaded().isEmpty() && result.failed().isEmpty() && models.isEmpty()) {
        console.line(messages.line(0, Symbol.OK, "unload.none"));
      }
    }
    if (!cameBack) {
      console.line(messages.line(0, Symbol.WARN, "unload.short", returned(result), held(result)));
    }
    return result.succeeded() && cameBack ? ExitCode.DONE : ExitCode.UNLOAD_FAILED;
  }

  /**
   * Whether the memory came back: at least half of what the unloaded models held. Ollama's sizes
   * are estimates and other processes move memory too, so an exact sum would cry wolf; a runner
   * that did not exit gives back nothing, which this catches.
   */
  private static boolean cameBack(UnloadResult result) {
    return returned(result).bytes() * 2 >= held(result).bytes();
  }

  private static ByteSize returned(UnloadResult result) {
    return result.memoryAfter().available().minusOrZero(result.memoryBefore().available());
  }

  private static ByteSize held(UnloadResult result) {
    return result.unloaded().stream().map(LoadedModel::ram).reduce(ByteSize.ZERO, ByteSize::plus);
  }
}
