package io.github.smartload.cli;

import com.squareup.moshi.Moshi;
import jakarta.inject.Inject;
import picocli.CommandLine.Model.CommandSpec;

/**
 * What every command starts with: its settings resolved and its console set up. Injected into the
 * commands; {@link #start} runs once the options have been parsed.
 */
final class Invocation {

  private final SettingsResolver resolver;
  private final Moshi moshi;

  @Inject
  Invocation(SettingsResolver resolver, Moshi moshi) {
    this.resolver = resolver;
    this.moshi = moshi;
  }

  /** The settings and console of one run of the command described by {@code spec}. */
  Started start(GlobalOptions options, CommandSpec spec) {
    Settings settings = resolver.resolve(options);
    Console console =
        new Console(
            spec.commandLine().getOut(),
            spec.commandLine().getErr(),
            settings.output(),
            moshi.adapter(Object.class));
    console.debug(() -> "settings: " + settings);
    return new Started(settings, console);
  }

  /** A started run: the settings and where output goes. */
  record Started(Settings settings, Console console) {}
}
