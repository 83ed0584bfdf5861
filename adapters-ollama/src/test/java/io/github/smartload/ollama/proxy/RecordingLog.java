package io.github.smartload.ollama.proxy;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** The proxy's log kept in memory, so a test can read what the proxy wrote (from any thread). */
final class RecordingLog implements ProxyLog {

  final List<String> info = new CopyOnWriteArrayList<>();
  final List<String> warnings = new CopyOnWriteArrayList<>();

  @Override
  public void info(String line) {
    info.add(line);
  }

  @Override
  public void warn(String line) {
    warnings.add(line);
  }
}
