package io.github.smartload.ollama.proxy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A MockWebServer standing in for Ollama, started before each test, and the proxies a test puts in
 * front of it: all closed after the test, the proxies first.
 */
final class MockUpstream implements BeforeEachCallback, AfterEachCallback {

  final MockWebServer server = new MockWebServer();
  private final List<ProxyHarness> proxies = new ArrayList<>();

  ProxyHarness proxy(String totalGb, String availableGb) {
    return proxy(totalGb, availableGb, UnaryOperator.identity());
  }

  ProxyHarness proxy(String totalGb, String availableGb, UnaryOperator<ProxyConfig> config) {
    return closedAfterTheTest(new ProxyHarness(totalGb, availableGb, server.url("/"), config));
  }

  /** A proxy that {@code beforeStart} hooks into before it starts. */
  ProxyHarness proxy(
      String totalGb,
      String availableGb,
      UnaryOperator<ProxyConfig> config,
      Consumer<OllamaProxy> beforeStart) {
    return closedAfterTheTest(
        new ProxyHarness(totalGb, availableGb, server.url("/"), config, beforeStart));
  }

  /** For a proxy in front of another upstream (a dead port, a dying socket). */
  ProxyHarness closedAfterTheTest(ProxyHarness proxy) {
    proxies.add(proxy);
    return proxy;
  }

  @Override
  public void beforeEach(ExtensionContext context) throws IOException {
    server.start();
  }

  @Override
  public void afterEach(ExtensionContext context) {
    for (int i = proxies.size() - 1; i >= 0; i--) {
      proxies.get(i).close();
    }
    proxies.clear();
    server.close();
  }
}
