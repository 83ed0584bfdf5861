package io.github.smartload.ollama.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.SocketEffect;
import okhttp3.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A model-bearing request whose connection to Ollama dies after it was sent is never sent again:
 * Ollama may have acted on it (loaded the model), and a second copy would act twice.
 */
class ProxyNoResendTest {

  @RegisterExtension final MockUpstream mock = new MockUpstream();
  private final MockWebServer upstream = mock.server;
  private ProxyHarness harness;

  @Test
  void aChatWhoseConnectionDiesIsAnswered502AndSentOnce() throws Exception {
    harness = mock.proxy("32", "18.0");
    harness.inner.resident("qwen3:8b", "5.7", Duration.ofMinutes(10));
    // A pass-through first, so that the chat goes out on a pooled connection, as most do: that is
    // where OkHttp retries a failed request on a new connection.
    upstream.enqueue(new MockResponse.Builder().body("{\"version\":\"0.12.0\"}").build());
    try (Response version = harness.client.newCall(harness.get("/api/version")).execute()) {
      assertThat(version.code()).isEqualTo(200);
    }
    upstream.enqueue(
        new MockResponse.Builder().onResponseStart(new SocketEffect.CloseSocket()).build());
    upstream.enqueue(new MockResponse.Builder().body("{\"done\":true}").build());

    try (Response response =
        harness
            .client
            .newCall(
                harness.post(
                    "/api/chat", "{\"model\":\"qwen3:8b\",\"messages\":[],\"stream\":false}"))
            .execute()) {
      assertThat(response.code()).isEqualTo(502);
      assertThat(response.body().string()).startsWith("{\"error\":\"smartload: ");
    }
    assertThat(upstream.getRequestCount()).as("/api/version, then the chat once").isEqualTo(2);
  }

  @Test
  void aGetWhoseConnectionDiesIsSentAgainAsOkHttpDoes() throws Exception {
    harness = mock.proxy("32", "18.0");
    upstream.enqueue(new MockResponse.Builder().body("{\"version\":\"0.12.0\"}").build());
    try (Response version = harness.client.newCall(harness.get("/api/version")).execute()) {
      assertThat(version.code()).isEqualTo(200);
    }
    upstream.enqueue(
        new MockResponse.Builder().onResponseStart(new SocketEffect.CloseSocket()).build());
    upstream.enqueue(new MockResponse.Builder().body("{\"models\":[]}").build());

    // A GET changes nothing in Ollama: sending it again on a new connection is safe, and spares
    // the client a 502 for a pooled connection Ollama had closed.
    try (Response tags = harness.client.newCall(harness.get("/api/tags")).execute()) {
      assertThat(tags.code()).isEqualTo(200);
      assertThat(tags.body().string()).isEqualTo("{\"models\":[]}");
    }
    assertThat(upstream.getRequestCount()).as("/api/version, then /api/tags twice").isEqualTo(3);
  }
}
