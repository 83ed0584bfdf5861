package io.github.smartload.cli;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * What the process was started with besides its arguments: the environment variables and whether
 * stdout is a terminal. Passed in rather than read from {@code System}, so tests choose it.
 */
public record Environment(Map<String, String> variables, boolean interactive) {

  public Environment {
    variables = Map.copyOf(variables);
  }

  /** A variable's value; empty when unset or blank, as a shell treats {@code VAR=}. */
  public Optional<String> get(String name) {
    return Optional.ofNullable(variables.get(name)).filter(value -> !value.isBlank());
  }

  /** The user's home directory: {@code $HOME}, else the JVM's idea of it. */
  public Path home() {
    return get("HOME").map(Path::of).orElseGet(() -> Path.of(System.getProperty("user.home")));
  }
}
