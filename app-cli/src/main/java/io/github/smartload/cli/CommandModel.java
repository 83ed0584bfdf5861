package io.github.smartload.cli;

import picocli.CommandLine.IModelTransformer;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Final touches to the command model that annotations cannot state, applied wherever the model is
 * built (the CLI, and the man page and completion generators at build time): every subcommand
 * answers {@code --version} like the top command, and {@code serve}, which writes a log and refuses
 * {@code --json}, does not offer it.
 */
public final class CommandModel implements IModelTransformer {

  @Override
  public CommandSpec transform(CommandSpec top) {
    for (var sub : top.subcommands().values()) {
      CommandSpec spec = sub.getCommandSpec();
      spec.versionProvider(top.versionProvider());
      // The synopsis names the command's parameters; the options are listed below it.
      spec.usageMessage().abbreviateSynopsis(true);
      if (spec.name().equals("serve")) {
        OptionSpec json = spec.findOption("--json");
        if (json != null) {
          spec.remove(json);
        }
      }
    }
    return top;
  }
}
