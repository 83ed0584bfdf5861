package io.github.smartload.ollama.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Names Ollama does not list: one cached lookup each, no lock, nothing kept per name. */
class ProxyUnknownNamesTest {

  @TempDir Path procfs;

  @RegisterExtension final CloseAfterEach closing = new CloseAfterEach();
  private FakeBackedProxy proxy;

  @Test
  void fiveHundredLongUnknownNamesCostAReadingASecondAndAddNoSeriesNorEntries() throws Exception {
    proxy = closing.add(new FakeBackedProxy(FakeBackedProxy.machine(procfs), procfs));
    assertThat(proxy.chat("qwen3:8b")).startsWith("200 ");
    int tagsBefore = proxy.fake.requests("/api/tags").size();
    long started = System.nanoTime();

    for (int i = 0; i < 500; i++) {
      assertThat(proxy.chat("x".repeat(2000) + i)).startsWith("404 ");
    }

    long seconds = Duration.ofNanos(System.nanoTime() - started).toSeconds();
    int readings = proxy.fake.requests("/api/tags").size() - tagsBefore;
    assertThat(readings)
        .as("readings of /api/tags in %d s", seconds)
        .isLessThanOrEqualTo((int) seconds + 2);
    String metrics = proxy.get("/metrics");
    assertThat(metrics).doesNotContain("xxxxxxxxxx");
    assertThat(metrics.lines().filter(l -> l.startsWith("smartload_proxy_requests_total{")))
        .as("request series")
        .hasSizeLessThanOrEqualTo(2);
    assertThat(metrics).contains("model=\"other\",status=\"404\"} 500.0");
    String status = proxy.get("/smartload/status");
    assertThat(status).doesNotContain("xxxxxxxxxx").contains("\"queued\":{}");
    assertThat(proxy.lines).hasSizeLessThanOrEqualTo(501); // one line a request, no more
  }
}
