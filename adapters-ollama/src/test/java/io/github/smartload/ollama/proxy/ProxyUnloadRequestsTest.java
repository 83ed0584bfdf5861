package io.github.smartload.ollama.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Requests that must not make the proxy unload anything: a client's own unload ({@code ollama
 * stop}), and a model that is not installed. Two large models are resident, and the target would
 * need both gone.
 */
class ProxyUnloadRequestsTest {

  @RegisterExtension final MockUpstream mock = new MockUpstream();
  private final MockWebServer upstream = mock.server;
  private ProxyHarness harness;

  @BeforeEach
  void start() {
    harness = mock.proxy("32", "14");
    harness
        .inner
        .install("gemma3:12b", "8.1")
        .resident("qwen2.5:14b", "9", Duration.ofMinutes(10))
        .resident("phi4:14b", "9.1", Duration.ofMinutes(10));
  }

  private String call(Request request) throws IOException {
    try (Response response = harness.client.newCall(request).execute()) {
      return response.code() + " " + response.body().string();
    }
  }

  private void awaitLogLine(String prefix) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (harness.info.stream().noneMatch(l -> l.startsWith(prefix))
        && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "/api/generate | {\"model\":\"gemma3:12b\",\"keep_alive\":0}",
        "/api/generate | {\"model\":\"gemma3:12b\",\"keep_alive\":\"0\"}",
        "/api/generate | {\"model\":\"gemma3:12b\",\"keep_alive\":\"0s\"}",
        "/api/generate | {\"model\":\"gemma3:12b\",\"keep_alive\":\"0m\"}",
        "/api/generate | {\"model\":\"gemma3:12b\",\"keep_alive\":0.5}",
        "/api/generate | {\"model\":\"gemma3:12b\",\"prompt\":\"\",\"keep_alive\":0}",
        "/api/generate | {\"model\":\"gemma3:12b\",\"prompt\":null,\"KEEP_ALIVE\":0}",
        "/api/chat | {\"model\":\"gemma3:12b\",\"messages\":[],\"keep_alive\":\"0s\"}",
        "/api/chat | {\"model\":\"gemma3:12b\",\"keep_alive\":0}",
      })
  void anUnloadRequestIsForwardedUntouchedWithoutASmartLoad(String path, String body)
      throws Exception {
    upstream.enqueue(
        new MockResponse.Builder()
            .code(200)
            .body("{\"model\":\"gemma3:12b\",\"done\":true,\"done_reason\":\"unload\"}")
            .build());

    assertThat(call(harness.post(path, body))).startsWith("200 ");

    assertThat(upstream.takeRequest(5, TimeUnit.SECONDS).getBody().utf8()).isEqualTo(body);
    assertThat(harness.runtime.calls())
        .noneMatch(call -> call.startsWith("unload") || call.startsWith("load"));
    awaitLogLine("POST " + path);
    assertThat(harness.info)
        .anyMatch(
            line -> line.matches("POST " + path + " gemma3:12b 200 \\d+ms \\(unload request\\)"));
    assertThat(call(harness.get("/metrics")))
        .contains("smartload_unload_requests_total{model=\"gemma3:12b\"} 1.0")
        .doesNotContain("smartload_decisions_total{");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        // A negative keep-alive is "forever", a load.
        "/api/generate | {\"model\":\"gemma3:12b\",\"keep_alive\":-1}",
        "/api/generate | {\"model\":\"gemma3:12b\",\"keep_alive\":\"-1m\"}",
        // A zero keep-alive with a prompt is a load that Ollama ends after answering.
        "/api/generate | {\"model\":\"gemma3:12b\",\"prompt\":\"hi\",\"keep_alive\":0}",
        "/api/chat | {\"model\":\"gemma3:12b\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"keep_alive\":0}",
        // The OpenAI-compatible endpoints ignore keep_alive.
        "/v1/chat/completions | {\"model\":\"gemma3:12b\",\"messages\":[],\"keep_alive\":0}",
      })
  void aRequestThatLoadsIsSmartLoadedWhateverItsKeepAlive(String path, String body)
      throws Exception {
    upstream.enqueue(new MockResponse.Builder().code(200).body("{\"done\":true}").build());

    assertThat(call(harness.post(path, body))).isEqualTo("200 {\"done\":true}");

    assertThat(harness.runtime.calls()).contains("load gemma3:12b 15m");
    assertThat(call(harness.get("/metrics"))).doesNotContain("smartload_unload_requests_total{");
  }

  @Test
  void aModelThatIsNotInstalledUnloadsNothingAndGetsOllamasOwn404() throws Exception {
    String notFound = "{\"error\":\"model \\\"qwen2.5:32b\\\" not found, try pulling it first\"}";
    upstream.enqueue(new MockResponse.Builder().code(404).body(notFound).build());
    String body =
        "{\"model\":\"qwen2.5:32b\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

    assertThat(call(harness.post("/api/chat", body))).isEqualTo("404 " + notFound);

    assertThat(upstream.takeRequest(5, TimeUnit.SECONDS).getBody().utf8()).isEqualTo(body);
    assertThat(harness.runtime.calls())
        .noneMatch(call -> call.startsWith("unload") || call.startsWith("load"));
    assertThat(harness.runtime.residentNames()).hasSize(2);
  }

  @Test
  void metricsLabelOnlyInstalledModelsSoThatRandomNamesCannotGrowThemWithoutBound()
      throws Exception {
    upstream.enqueue(new MockResponse.Builder().code(404).body("{\"error\":\"no\"}").build());
    upstream.enqueue(new MockResponse.Builder().code(404).body("{\"error\":\"no\"}").build());
    upstream.enqueue(new MockResponse.Builder().code(200).body("{}").build());

    call(harness.post("/api/generate", "{\"model\":\"scan-22253:x\",\"prompt\":\"hi\"}"));
    call(harness.post("/api/chat", "{\"model\":\"scan-31337:y\"}"));
    call(harness.post("/api/chat", "{\"model\":\"qwen2.5:14b\"}"));

    String metrics = call(harness.get("/metrics"));
    assertThat(metrics)
        .doesNotContain("scan-")
        .contains(
            "smartload_proxy_requests_total{endpoint=\"/api/generate\",model=\"other\",status=\"404\"} 1.0")
        .contains(
            "smartload_proxy_requests_total{endpoint=\"/api/chat\",model=\"other\",status=\"404\"} 1.0")
        .contains(
            "smartload_proxy_requests_total{endpoint=\"/api/chat\",model=\"qwen2.5:14b\",status=\"200\"} 1.0");
  }
}
