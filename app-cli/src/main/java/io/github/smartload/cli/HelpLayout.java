package io.github.smartload.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.Model.OptionSpec;

/**
 * How a subcommand's {@code --help} lists its options: the command's own first, then, under their
 * own heading, the options every command shares, so that {@code serve --help} opens with what is
 * particular to the proxy instead of fifteen shared options in alphabetical order.
 */
final class HelpLayout {

  static final String SHARED_HEADING = "Options every command takes (see smartload --help):";

  private HelpLayout() {}

  /** Applies the layout to every subcommand of {@code top}. */
  static CommandLine apply(CommandLine top) {
    for (CommandLine sub : top.getSubcommands().values()) {
      sub.getHelpSectionMap()
          .put(CommandLine.Model.UsageMessageSpec.SECTION_KEY_OPTION_LIST, HelpLayout::options);
    }
    return top;
  }

  private static String options(Help help) {
    List<OptionSpec> own = new ArrayList<>();
    List<OptionSpec> shared = new ArrayList<>();
    for (OptionSpec option : help.commandSpec().options()) {
      if (!option.hidden()) {
        (option.inherited() ? shared : own).add(option);
      }
    }
    return help.optionListExcludingGroups(own)
        + String.format("%n%s%n", SHARED_HEADING)
        + help.optionListExcludingGroups(shared);
  }
}
