package io.github.smartload.ollama.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.smartload.core.ModelName;
import java.time.Duration;
import java.util.Optional;
import java.util.function.UnaryOperator;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A web page Ollama would refuse gets Ollama's 403 from the proxy, and causes nothing. */
class ProxyOriginTest {

  @RegisterExtension final MockUpstream mock = new MockUpstream();
  private final MockWebServer upstream = mock.server;
  private ProxyHarness harness;

  private void proxy(UnaryOperator<ProxyConfig> config) {
    // 9.3 GB free: qwen2.5:14b (10.8 GB needed) fits only once qwen3:8b is unloaded.
    harness = mock.proxy("32", "15", config);
    harness.inner.install("qwen2.5:14b", "9").resident("qwen3:8b", "5.7", Duration.ofMinutes(10));
  }

  /** What a browser sends without a preflight: a "simple" POST with text/plain. */
  private Request fromPage(String origin) {
    return new Request.Builder()
        .url(harness.url("/api/generate"))
        .header("Origin", origin)
        .post(
            RequestBody.create(
                "{\"model\":\"qwen2.5:14b\",\"prompt\":\"hi\"}", MediaType.get("text/plain")))
        .build();
  }

  @Test
  void aPageFromAnOriginOllamaRefusesGetsItsEmpty403AndNothingIsUnloaded() throws Exception {
    proxy(UnaryOperator.identity());
    upstream.enqueue(new MockResponse.Builder().code(403).build()); // what Ollama would answer

    try (Response response = harness.client.newCall(fromPage("http://evil.example")).execute()) {
      assertThat(response.code()).isEqualTo(403);
      assertThat(response.body().string()).isEmpty();
    }

    assertThat(harness.runtime.calls())
        .noneMatch(call -> call.startsWith("unload") || call.startsWith("load"));
    assertThat(harness.inner.residentNames()).contains(ModelName.parse("qwen3:8b"));
    assertThat(upstream.getRequestCount()).isZero();
  }

  @Test
  void anOriginListedInOllamaOriginsIsServedAsOllamaWouldServeIt() throws Exception {
    proxy(config -> config.withOrigins(OriginRule.ollama(Optional.of("https://chat.example"))));
    upstream.enqueue(new MockResponse.Builder().code(200).body("{\"done\":true}").build());

    try (Response response = harness.client.newCall(fromPage("https://chat.example")).execute()) {
      assertThat(response.code()).isEqualTo(200);
    }

    assertThat(harness.runtime.calls())
        .containsSubsequence("unload qwen3:8b", "load qwen2.5:14b 15m");
  }
}
