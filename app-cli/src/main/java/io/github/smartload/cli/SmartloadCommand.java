package io.github.smartload.cli;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The {@code smartload} command: the shared options and the subcommands. */
@Command(
    name = "smartload",
    mixinStandardHelpOptions = true,
    versionProvider = BuildInfo.class,
    modelTransformer = CommandModel.class,
    description = "Decides, before Ollama loads a model, whether it fits in RAM.",
    subcommands = {
      StatusCommand.class,
      PlanCommand.class,
      LoadCommand.class,
      UnloadCommand.class,
      DoctorCommand.class,
      SizesCommand.class,
      ServeCommand.class
    },
    footer = {
      "",
      "Exit codes: 0 done, 1 usage or config error, 2 won't fit (--strict),",
      "3 Ollama unreachable or answering nonsense, 4 an unload failed or memory did not come back."
    })
public final class SmartloadCommand implements Callable<Integer> {

  @Mixin GlobalOptions options;

  @Spec CommandSpec spec;

  /** No subcommand: show what there is, as a usage error. */
  @Override
  public Integer call() {
    if (options.json()) {
      // The usage is for a reader; a script that asked for JSON gets the one object it expects.
      throw new ParameterException(spec.commandLine(), "name a command: " + commandNames());
    }
    spec.commandLine().usage(spec.commandLine().getErr());
    return ExitCode.USAGE;
  }

  /** "status, plan, ... or serve". */
  private String commandNames() {
    List<String> names = List.copyOf(spec.subcommands().keySet());
    int last = names.size() - 1;
    return String.join(", ", names.subList(0, last)) + " or " + names.get(last);
  }

  GlobalOptions options() {
    return options;
  }
}
