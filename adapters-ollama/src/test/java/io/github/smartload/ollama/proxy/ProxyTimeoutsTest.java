package io.github.smartload.ollama.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import okhttp3.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Timeouts that fit an LLM server, and errors the proxy writes itself, always as JSON. */
class ProxyTimeoutsTest {

  private static final Duration SHORT = Duration.ofMillis(300);

  @RegisterExtension final MockUpstream mock = new MockUpstream();
  private final MockWebServer upstream = mock.server;
  private ProxyHarness harness;

  private ProxyHarness proxy(ProxyLimits limits) {
    harness = mock.proxy("32", "25.5", config -> config.withLimits(limits));
    harness.inner.install("qwen3:1.7b", "1.4");
    return harness;
  }

  @Test
  void anAnswerSlowerThanTheClientIdleTimeoutIsNotCut() throws Exception {
    // 1 s, not SHORT: the client's idleness still counts while the proxy reads its body, and a
    // loaded machine may stall the client between its headers and its body for 300 ms.
    Duration idle = Duration.ofSeconds(1);
    proxy(ProxyLimits.defaults().withClientIdleTimeout(idle));
    // Three idle timeouts pass before Ollama's first byte, as with a long prompt on a CPU.
    upstream.enqueue(
        new MockResponse.Builder()
            .code(200)
            .addHeader("Content-Type", "application/json; charset=utf-8")
            .headersDelay(idle.toMillis() * 3, TimeUnit.MILLISECONDS)
            .body("{\"response\":\"slow\",\"done\":true}")
            .build());

    try (Response response =
        harness
            .client
            .newCall(harness.post("/api/generate", "{\"model\":\"qwen3:1.7b\",\"stream\":false}"))
            .execute()) {
      assertThat(response.code()).isEqualTo(200);
      assertThat(response.body().string()).isEqualTo("{\"response\":\"slow\",\"done\":true}");
    }
  }

  @Test
  void aWriteThatBeginsAfterAWaitOnOllamaHasAWholeClientIdleTimeout() throws Exception {
    // Jetty's idle timer ran on while the proxy waited on Ollama, ticking every timeout, and cut
    // the answer when a tick met its first write: a window of microseconds that a loaded machine
    // once hit. Held open here: the write, once begun, stalls for two timeouts.
    Duration idle = Duration.ofSeconds(1);
    harness =
        mock.proxy(
            "32",
            "25.5",
            config -> config.withLimits(ProxyLimits.defaults().withClientIdleTimeout(idle)),
            proxy -> proxy.insertHandler(new StalledFirstWrite(idle.multipliedBy(2))));
    harness.inner.install("qwen3:1.7b", "1.4");
    upstream.enqueue(
        new MockResponse.Builder()
            .code(200)
            .addHeader("Content-Type", "application/json; charset=utf-8")
            .headersDelay(idle.toMillis() * 2, TimeUnit.MILLISECONDS)
            .body("{\"response\":\"slow\",\"done\":true}")
            .build());

    try (Response response =
        harness
            .client
            .newCall(harness.post("/api/generate", "{\"model\":\"qwen3:1.7b\",\"stream\":false}"))
            .execute()) {
      assertThat(response.code()).isEqualTo(200);
      assertThat(response.body().string()).isEqualTo("{\"response\":\"slow\",\"done\":true}");
    }
    // The stalled write still delivers its bytes: the proxy's own line says whether it was cut.
    assertThat(logged("POST /api/generate ")).startsWith("POST /api/generate qwen3:1.7b 200 ");
  }

  @Test
  void aWriteAfterAWaitOnOllamaIsNotCutByAGracefulStop() throws Exception {
    // A graceful stop gave every connection a 1 s idle timeout, its whole silence counted, so a
    // request waiting on Ollama as the stop began had its answer cut by the next tick. Held open:
    // the answer's first write, once begun, stalls for three of those seconds.
    harness =
        mock.proxy(
            "32",
            "25.5",
            config -> config.withShutdownGrace(Duration.ofSeconds(60)),
            proxy -> proxy.insertHandler(new StalledFirstWrite(Duration.ofSeconds(3))));
    harness.inner.install("qwen3:1.7b", "1.4");
    upstream.enqueue(
        new MockResponse.Builder()
            .code(200)
            .addHeader("Content-Type", "application/json; charset=utf-8")
            .headersDelay(2, TimeUnit.SECONDS)
            .body("{\"response\":\"slow\",\"done\":true}")
            .build());

    CompletableFuture<Response> answer =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return harness
                    .client
                    .newCall(
                        harness.post(
                            "/api/generate", "{\"model\":\"qwen3:1.7b\",\"stream\":false}"))
                    .execute();
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            });
    assertThat(upstream.takeRequest(20, TimeUnit.SECONDS)).isNotNull(); // waiting on Ollama now
    CompletableFuture<Void> stopped = CompletableFuture.runAsync(harness.proxy::close);

    try (Response response = answer.get(30, TimeUnit.SECONDS)) {
      assertThat(response.code()).isEqualTo(200);
      assertThat(response.body().string()).isEqualTo("{\"response\":\"slow\",\"done\":true}");
    }
    assertThat(logged("POST /api/generate ")).startsWith("POST /api/generate qwen3:1.7b 200 ");
    stopped.get(30, TimeUnit.SECONDS);
  }

  /** The proxy's log line that starts with {@code prefix}, once it is there. */
  private String logged(String prefix) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (System.nanoTime() < deadline) {
      for (String line : harness.info) {
        if (line.startsWith(prefix)) {
          return line;
        }
      }
      Thread.sleep(20);
    }
    return "no line starting with '" + prefix + "' in " + harness.info;
  }

  @Test
  void aClientThatStopsSendingItsBodyIsDroppedAfterTheClientIdleTimeout() throws Exception {
    proxy(ProxyLimits.defaults().withClientIdleTimeout(SHORT).withMinBodyRate(0));

    String answer =
        rawExchange(
            "POST /api/chat HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100\r\n\r\n{\"mo");

    assertThat(answer).doesNotStartWith("HTTP/1.1 200");
    assertThat(upstream.getRequestCount()).isZero();
  }

  @Test
  void aClientThatStopsReadingItsAnswerIsCutAfterTheClientIdleTimeout() throws Exception {
    proxy(ProxyLimits.defaults().withClientIdleTimeout(SHORT));
    upstream.enqueue(
        new MockResponse.Builder()
            .code(200)
            .body(new okio.Buffer().write(new byte[32 * 1024 * 1024]))
            .build());

    try (Socket socket = new Socket("127.0.0.1", harness.proxy.address().getPort())) {
      socket.setReceiveBufferSize(4096);
      socket
          .getOutputStream()
          .write(
              "GET /api/tags HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
                  .getBytes(StandardCharsets.US_ASCII));
      // The client reads nothing: the proxy's write stalls, and the idle timeout must end it.
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (harness.info.stream().noneMatch(line -> line.startsWith("GET /api/tags - 499"))
          && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
    }

    assertThat(harness.info).anyMatch(line -> line.startsWith("GET /api/tags - 499"));
  }

  @Test
  void anOllamaSilentForLongerThanTheUpstreamTimeoutGetsAJsonError() throws Exception {
    proxy(ProxyLimits.defaults().withUpstreamTimeout(SHORT));
    upstream.enqueue(
        new MockResponse.Builder()
            .code(200)
            .headersDelay(SHORT.toMillis() * 10, TimeUnit.MILLISECONDS)
            .body("{}")
            .build());

    try (Response response =
        harness
            .client
            .newCall(harness.post("/api/generate", "{\"model\":\"qwen3:1.7b\"}"))
            .execute()) {
      assertThat(response.code()).isEqualTo(504);
      assertThat(response.header("Content-Type")).startsWith("application/json");
      assertThat(response.body().string())
          .startsWith("{\"error\":\"smartload: Ollama at ")
          .contains("sent nothing for 300ms");
    }
  }

  @Test
  void aRequestJettyRefusesItselfGetsJsonNotHtml() throws Exception {
    proxy(ProxyLimits.defaults());
    String request =
        "GET /api/tags HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: " + "a".repeat(64 * 1024) + "\r\n\r\n";

    String answer = rawExchange(request);

    assertThat(answer).startsWith("HTTP/1.1 431");
    assertThat(answer).contains("Content-Type: application/json");
    assertThat(answer).contains("{\"error\":\"").doesNotContain("<html");
  }

  @Test
  void aMalformedRequestLineGetsJsonNotHtml() throws Exception {
    proxy(ProxyLimits.defaults());

    String answer = rawExchange("GET /api/%zz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");

    assertThat(answer).startsWith("HTTP/1.1 400");
    assertThat(answer).contains("{\"error\":\"").doesNotContain("<html");
  }

  private String rawExchange(String request) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", harness.proxy.address().getPort())) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(request.getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      InputStream in = socket.getInputStream();
      return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
    }
  }
}
