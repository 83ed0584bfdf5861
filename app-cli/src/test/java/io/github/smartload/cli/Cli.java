package io.github.smartload.cli;

import com.google.inject.Module;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Runs {@code smartload} in-process with its own streams and environment, as the tests need it. */
final class Cli {

  private final Map<String, String> env = new HashMap<>();
  private final List<Module> overrides;
  private boolean interactive;

  private Cli(Path home, List<Module> overrides) {
    this.overrides = overrides;
    env.put("HOME", home.toString());
    env.put("LANG", "en_US.UTF-8");
  }

  /** A CLI whose home directory (and so default config file) is {@code home}. */
  static Cli at(Path home, Module... overrides) {
    return new Cli(home, List.of(overrides));
  }

  Cli env(String name, String value) {
    env.put(name, value);
    return this;
  }

  Cli unset(String name) {
    env.remove(name);
    return this;
  }

  Cli interactive() {
    interactive = true;
    return this;
  }

  Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        SmartloadMain.run(
            new PrintWriter(out),
            new PrintWriter(err),
            new Environment(env, interactive),
            overrides,
            args);
    return new Result(code, out.toString(), err.toString());
  }

  /** What a run printed and how it exited. */
  record Result(int exitCode, String out, String err) {
    List<String> lines() {
      return out.lines().toList();
    }
  }
}
