package io.github.smartload.ollama.violation;

import picocli.CommandLine;

/** Test-only: an adapter using the app's command-line library, for the app-only rule to catch. */
final class OllamaViolations {

  private OllamaViolations() {}

  static final class UsesPicocli {
    Object commandLine() {
      return new CommandLine(this);
    }
  }
}
