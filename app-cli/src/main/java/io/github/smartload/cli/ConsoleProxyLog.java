package io.github.smartload.cli;

import io.github.smartload.ollama.proxy.ProxyLog;

/** The proxy's log on the console: one line a request, warnings marked {@code WARN}. */
final class ConsoleProxyLog implements ProxyLog {

  private final Console console;

  ConsoleProxyLog(Console console) {
    this.console = console;
  }

  @Override
  public void info(String line) {
    console.line(line);
  }

  @Override
  public void warn(String line) {
    console.line("WARN " + line);
  }
}
