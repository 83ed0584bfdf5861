package io.github.smartload.cli;

import io.github.smartload.core.load.SmartLoader;
import java.time.Duration;
import picocli.CommandLine.Option;

/** The {@code --unload-timeout} option that every command which unloads shares. */
final class UnloadTimeout {

  @Option(
      names = "--unload-timeout",
      paramLabel = "DURATION",
      description = "How long to wait for unloaded models' memory to come back (default 120s).")
  Duration value = SmartLoader.DEFAULT_UNLOAD_DEADLINE;
}
