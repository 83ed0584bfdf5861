package io.github.smartload.ollama.proxy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/** Closes what a test started (a proxy over the fake Ollama), the last first, after each test. */
final class CloseAfterEach implements AfterEachCallback {

  private final List<AutoCloseable> started = new ArrayList<>();

  <T extends AutoCloseable> T add(T resource) {
    started.add(resource);
    return resource;
  }

  @Override
  public void afterEach(ExtensionContext context) throws Exception {
    try {
      for (int i = started.size() - 1; i >= 0; i--) {
        started.get(i).close();
      }
    } finally {
      started.clear();
    }
  }
}
