package io.github.smartload.ollama.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The proxy in front of the fake Ollama when Ollama dies under a load and comes back. */
class ProxyRuntimeDeathTest {

  @TempDir Path procfs;

  @RegisterExtension final CloseAfterEach closing = new CloseAfterEach();
  private FakeBackedProxy proxy;

  @Test
  void aDeathDuringTheSmartLoadIsRecordedAsUpstreamDiedInTheLogStatusAndMetrics() throws Exception {
    proxy =
        closing.add(
            new FakeBackedProxy(
                FakeBackedProxy.machine(procfs).loadDelay(Duration.ofMillis(300)), procfs));
    proxy.fake.dieDuringNextLoad();

    String answer = proxy.chat("qwen2.5:14b");

    assertThat(answer)
        .startsWith("502 {\"error\":")
        .contains("stopped answering during the load of qwen2.5:14b", "outcome is unknown");
    proxy.awaitLine(
        line -> line.matches("POST /api/chat qwen2\\.5:14b 502 \\d+ms \\(upstream died\\)"));
    assertThat(proxy.get("/smartload/status"))
        .contains("\"model\":\"qwen2.5:14b\",\"kind\":\"fits\"", "\"outcome\":\"upstream_died\"");
    // Ollama is gone: the series is named from the list of installed models read before.
    assertThat(proxy.get("/metrics"))
        .contains(
            "smartload_decisions_total{kind=\"fits\",model=\"qwen2.5:14b\","
                + "outcome=\"upstream_died\"} 1.0");
  }

  @Test
  void theLoggedDurationOfALoadedRequestIncludesTheSmartLoad() throws Exception {
    proxy =
        closing.add(
            new FakeBackedProxy(
                FakeBackedProxy.machine(procfs).loadDelay(Duration.ofMillis(400)), procfs));

    assertThat(proxy.chat("qwen2.5:14b")).startsWith("200 ");

    String line = proxy.awaitLine(l -> l.startsWith("POST /api/chat"));
    long millis = Long.parseLong(line.replaceAll(".* (\\d+)ms.*", "$1"));
    assertThat(millis).as(line).isGreaterThanOrEqualTo(400);
  }
}
