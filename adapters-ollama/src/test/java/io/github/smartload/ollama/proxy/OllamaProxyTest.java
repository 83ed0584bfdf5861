package io.github.smartload.ollama.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.smartload.core.ByteSize;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okio.BufferedSink;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The proxy against a recording upstream (MockWebServer) and core's fake runtime. */
class OllamaProxyTest {

  @RegisterExtension final MockUpstream mock = new MockUpstream();
  private final MockWebServer upstream = mock.server;
  private ProxyHarness harness;

  private ProxyHarness proxy(String total, String available) {
    harness = mock.proxy(total, available);
    return harness;
  }

  private static MockResponse ok(String body) {
    return new MockResponse.Builder()
        .code(200)
        .addHeader("Content-Type", "application/json; charset=utf-8")
        .addHeader("X-Upstream", "yes")
        .body(body)
        .build();
  }

  private String call(Request request) throws IOException {
    try (Response response = harness.client.newCall(request).execute()) {
      return response.code() + " " + response.body().string();
    }
  }

  @Test
  void forwardsTheOriginalBytesAfterLoadingTheModel() throws Exception {
    proxy("32", "25.5").inner.install("qwen2.5:14b", "9");
    upstream.enqueue(ok("{\"response\":\"hello\",\"done\":true}"));
    String body =
        "{ \"prompt\" : \"hi\",\n \"images\":[\""
            + "QUJD".repeat(1000)
            + "\"],"
            + " \"model\":\"qwen2.5:14b\", \"stream\":false}";

    try (Response response =
        harness.client.newCall(harness.post("/api/generate", body)).execute()) {
      assertThat(response.code()).isEqualTo(200);
      assertThat(response.header("X-Upstream")).isEqualTo("yes");
      assertThat(response.body().string()).isEqualTo("{\"response\":\"hello\",\"done\":true}");
    }

    RecordedRequest seen = upstream.takeRequest(5, TimeUnit.SECONDS);
    assertThat(seen.getTarget()).isEqualTo("/api/generate");
    assertThat(seen.getBody().utf8()).isEqualTo(body);
    assertThat(harness.runtime.calls()).contains("load qwen2.5:14b 15m");
  }

  @Test
  void a413LeavingTheBodyUnreadClosesTheConnectionAndSaysSo() throws Exception {
    harness = mock.proxy("32", "25.5", config -> config.withMaxBody(ByteSize.ofBytes(1024)));
    String big = "{\"model\":\"qwen3:8b\",\"prompt\":\"" + "x".repeat(4096) + "\"}";

    // OkHttp sends no Expect: 100-continue: without this header it would send its next request on
    // a connection the proxy is about to close, and that request would fail before it arrived.
    try (Response response = harness.client.newCall(harness.post("/api/generate", big)).execute()) {
      assertThat(response.code()).isEqualTo(413);
      assertThat(response.header("Connection")).isEqualToIgnoringCase("close");
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/api/generate",
        "/api/chat",
        "/api/embed",
        "/api/embeddings",
        "/v1/chat/completions",
        "/v1/completions",
        "/v1/embeddings"
      })
  void smartLoadsBeforeEveryModelBearingEndpoint(String path) throws Exception {
    proxy("32", "25.5").inner.install("nomic-embed-text", "0.3");
    upstream.enqueue(ok("{}"));

    assertThat(call(harness.post(path, "{\"model\":\"nomic-embed-text\",\"input\":\"x\"}")))
        .isEqualTo("200 {}");

    assertThat(harness.runtime.calls()).contains("load nomic-embed-text:latest 15m");
    assertThat(upstream.takeRequest(5, TimeUnit.SECONDS).getTarget()).isEqualTo(path);
  }

  @Test
  void passesOtherRequestsThroughUntouchedBothWays() throws Exception {
    proxy("32", "25.5");
    upstream.enqueue(
        new MockResponse.Builder()
            .code(404)
            .addHeader("X-Answer", "kept")
            .body("{\"error\":\"model 'x' not found\"}")
            .build());
    Request show =
        new Request.Builder()
            .url(harness.url("/api/show?verbose=true&x=%20y"))
            .header("Authorization", "Bearer t0ken")
            .header("X-Client", "open-webui")
            .post(RequestBody.create("{\"model\":\"x\"}", ProxyHarness.JSON))
            .build();

    try (Response response = harness.client.newCall(show).execute()) {
      assertThat(response.code()).isEqualTo(404);
      assertThat(response.header("X-Answer")).isEqualTo("kept");
      assertThat(response.body().string()).isEqualTo("{\"error\":\"model 'x' not found\"}");
    }

    RecordedRequest seen = upstream.takeRequest(5, TimeUnit.SECONDS);
    assertThat(seen.getMethod()).isEqualTo("POST");
    assertThat(seen.getTarget()).isEqualTo("/api/show?verbose=true&x=%20y");
    assertThat(seen.getHeaders().get("Authorization")).isEqualTo("Bearer t0ken");
    assertThat(seen.getHeaders().get("X-Client")).isEqualTo("open-webui");
    assertThat(seen.getBody().utf8()).isEqualTo("{\"model\":\"x\"}");
    assertThat(harness.runtime.calls()).isEmpty();
  }

  @Test
  void dropsTheHeadersTheClientNamedInConnectionAsHopByHop() throws Exception {
    proxy("32", "25.5");
    upstream.enqueue(ok("{\"models\":[]}"));
    Request tags =
        new Request.Builder()
            .url(harness.url("/api/tags"))
            .header("Connection", "keep-alive, X-Hop-Secret")
            .header("X-Hop-Secret", "for the proxy only")
            .header("X-End-To-End", "kept")
            .build();

    assertThat(call(tags)).isEqualTo("200 {\"models\":[]}");

    RecordedRequest seen = upstream.takeRequest(5, TimeUnit.SECONDS);
    assertThat(seen.getHeaders().get("X-Hop-Secret")).isNull();
    assertThat(seen.getHeaders().get("X-End-To-End")).isEqualTo("kept");
  }

  @Test
  void passesGetAndHeadThrough() throws Exception {
    proxy("32", "25.5");
    upstream.enqueue(ok("Ollama is running"));
    upstream.enqueue(new MockResponse.Builder().code(200).build());

    assertThat(call(harness.get("/"))).isEqualTo("200 Ollama is running");
    try (Response head =
        harness
            .client
            .newCall(new Request.Builder().url(harness.url("/")).head().build())
            .execute()) {
      assertThat(head.code()).isEqualTo(200);
    }
    assertThat(upstream.takeRequest(5, TimeUnit.SECONDS).getMethod()).isEqualTo("GET");
    assertThat(upstream.takeRequest(5, TimeUnit.SECONDS).getMethod()).isEqualTo("HEAD");
  }

  @Test
  void scenarioOneForwardsASmallModelWithoutUnloading() throws Exception {
    proxy("32", "25.5").inner.install("qwen3:1.7b", "1.4");
    upstream.enqueue(ok("{}"));

    call(harness.post("/api/chat", "{\"model\":\"qwen3:1.7b\",\"messages\":[]}"));

    assertThat(harness.runtime.calls())
        .contains("load qwen3:1.7b 15m")
        .noneMatch(call -> call.startsWith("unload"));
    assertThat(call(harness.get("/smartload/status"))).contains("\"kind\":\"small-model\"");
  }

  @Test
  void scenarioTwoLoadsTheLargeModelBesideTheSmallOne() throws Exception {
    proxy("32", "27.5")
        .inner
        .install("qwen2.5:14b", "9")
        .resident("qwen3:1.7b", "2.0", Duration.ofMinutes(10));
    upstream.enqueue(ok("{}"));

    call(harness.post("/api/chat", "{\"model\":\"qwen2.5:14b\"}"));

    assertThat(harness.runtime.calls()).doesNotContain("unload qwen3:1.7b");
    assertThat(harness.runtime.residentNames()).hasSize(2);
    assertThat(call(harness.get("/smartload/status"))).contains("\"kind\":\"fits\"");
  }

  @Test
  void scenarioThreeUnloadsTheResidentModelThenForwards() throws Exception {
    proxy("32", "23.7")
        .inner
        .install("qwen2.5:32b", "19")
        .resident("qwen3:8b", "5.7", Duration.ofMinutes(10));
    upstream.enqueue(ok("{\"done\":true}"));

    assertThat(call(harness.post("/api/chat", "{\"model\":\"qwen2.5:32b\"}")))
        .isEqualTo("200 {\"done\":true}");

    assertThat(harness.runtime.calls())
        .containsSubsequence("unload qwen3:8b", "load qwen2.5:32b 15m");
    assertThat(call(harness.get("/smartload/status")))
        .contains("\"kind\":\"unload\"", "\"unloaded\":[\"qwen3:8b\"]");
  }

  @Test
  void strictAnswers507WhenTheModelCannotFitAndForwardsNothing() throws Exception {
    harness = mock.proxy("32", "18.0", config -> config.withStrict(true));
    harness.inner.install("qwen2.5:32b", "19");

    try (Response response =
        harness
            .client
            .newCall(harness.post("/api/chat", "{\"model\":\"qwen2.5:32b\"}"))
            .execute()) {
      assertThat(response.code()).isEqualTo(507);
      assertThat(response.body().string())
          .isEqualTo(
              "{\"error\":\"smartload: qwen2.5:32b needs 22.8 GB, at most 18.0 GB can be freed\"}");
    }
    assertThat(upstream.getRequestCount()).isZero();
    assertThat(harness.runtime.calls()).noneMatch(call -> call.startsWith("load"));
  }

  @Test
  void withoutStrictAModelThatCannotFitIsForwardedWithAWarning() throws Exception {
    proxy("32", "18.0").inner.install("qwen2.5:32b", "19");
    upstream.enqueue(ok("{}"));

    assertThat(call(harness.post("/api/chat", "{\"model\":\"qwen2.5:32b\"}"))).isEqualTo("200 {}");
    assertThat(harness.warnings)
        .anyMatch(line -> line.contains("needs 22.8 GB, at most 18.0 GB can be freed"));
  }

  @Test
  void aLoadThatFailsUnexpectedlyAnswers500AndLeavesNoLoadBehindForTheNextRequest()
      throws Exception {
    // A model the size table does not know, so that its size is asked of the runtime.
    proxy("32", "25.5").inner.install("house-model:7b", "5");
    harness.runtime.failNextSize.set(new IllegalStateException("a bug in the runtime"));
    upstream.enqueue(ok("{}"));
    Request chat = harness.post("/api/chat", "{\"model\":\"house-model:7b\",\"messages\":[]}");
    // Without the fix the second request joined the failed load and waited for ever.
    okhttp3.OkHttpClient bounded =
        harness.client.newBuilder().callTimeout(Duration.ofSeconds(10)).build();

    try (Response failed = bounded.newCall(chat).execute()) {
      assertThat(failed.code()).isEqualTo(500);
      assertThat(failed.header("Content-Type")).startsWith("application/json");
      assertThat(failed.body().string())
          .startsWith("{\"error\":\"smartload: ")
          .contains("a bug in the runtime");
    }
    try (Response next = bounded.newCall(chat).execute()) {
      assertThat(next.code()).isEqualTo(200);
      assertThat(next.body().string()).isEqualTo("{}");
    }
    assertThat(harness.runtime.calls()).contains("load house-model:7b 15m");
  }

  @Test
  void answers502NamingOllamaWhenItIsDown() throws Exception {
    HttpUrl dead;
    try (ServerSocket socket = new ServerSocket(0)) {
      dead = HttpUrl.get("http://127.0.0.1:" + socket.getLocalPort() + "/");
    }
    harness = mock.closedAfterTheTest(new ProxyHarness("32", "25.5", dead));

    String tags = call(harness.get("/api/tags"));
    assertThat(tags).startsWith("502 {\"error\":\"smartload: cannot reach Ollama at " + dead);

    harness.runtime.down.set(true);
    String chat = call(harness.post("/api/chat", "{\"model\":\"qwen3:8b\"}"));
    assertThat(chat).startsWith("502 {\"error\":\"smartload: cannot reach Ollama at " + dead);
  }

  @Test
  void anUpstreamThatDiesMidStreamCutsTheClientsStreamAndIsLoggedAs502() throws Exception {
    String line = "{\"message\":{\"content\":\"Hel\"},\"done\":false}\n";
    try (ServerSocket dying = dyingOllama(Integer.toHexString(line.length()) + "\r\n" + line)) {
      harness =
          mock.closedAfterTheTest(
              new ProxyHarness(
                  "32", "25.5", HttpUrl.get("http://127.0.0.1:" + dying.getLocalPort() + "/")));
      harness.inner.install("qwen3:8b", "5.2");

      try (Response response =
          harness
              .client
              .newCall(harness.post("/api/chat", "{\"model\":\"qwen3:8b\",\"messages\":[]}"))
              .execute()) {
        assertThat(response.code()).isEqualTo(200);
        okio.BufferedSource body = response.body().source();
        // What Ollama sent before it died reaches the client...
        assertThat(body.readUtf8Line()).contains("\"Hel\"");
        // ...and then the stream fails, rather than end as if it were whole.
        org.assertj.core.api.Assertions.assertThatThrownBy(body::readUtf8)
            .isInstanceOf(IOException.class);
      }
    }
    assertThat(harness.info).anyMatch(logged -> logged.startsWith("POST /api/chat qwen3:8b 502 "));
  }

  @Test
  void anUpstreamThatDiesBeforeItsFirstLineIsAnswered502InOllamasStyle() throws Exception {
    try (ServerSocket dying = dyingOllama("")) {
      harness =
          mock.closedAfterTheTest(
              new ProxyHarness(
                  "32", "25.5", HttpUrl.get("http://127.0.0.1:" + dying.getLocalPort() + "/")));
      harness.inner.install("qwen3:8b", "5.2");

      assertThat(call(harness.post("/api/chat", "{\"model\":\"qwen3:8b\",\"messages\":[]}")))
          .startsWith("502 {\"error\":\"smartload: Ollama at http://127.0.0.1:");
    }
  }

  /**
   * An Ollama that answers one request with a chunked 200 and the given chunks, then dies without
   * the last chunk.
   */
  private static ServerSocket dyingOllama(String chunks) throws IOException {
    ServerSocket dying = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
    Thread ollama =
        new Thread(
            () -> {
              try (Socket socket = dying.accept()) {
                readRequest(socket);
                OutputStream out = socket.getOutputStream();
                out.write(
                    ("HTTP/1.1 200 OK\r\nContent-Type: application/x-ndjson\r\n"
                            + "Transfer-Encoding: chunked\r\n\r\n"
                            + chunks)
                        .getBytes(StandardCharsets.UTF_8));
                out.flush();
                // Ollama crashes here: no last chunk.
              } catch (IOException e) {
                // the test fails on what the client saw
              }
            },
            "dying-ollama");
    ollama.setDaemon(true);
    ollama.start();
    return dying;
  }

  /** Reads one request's head and its Content-Length body off {@code socket}. */
  private static void readRequest(Socket socket) throws IOException {
    BufferedReader in =
        new BufferedReader(
            new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
    int length = 0;
    for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
      if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
        length = Integer.parseInt(line.substring("content-length:".length()).strip());
      }
    }
    for (int i = 0; i < length; i++) {
      in.read();
    }
  }

  @Test
  void refuses413BeforeReadingAnOversizedBody() throws Exception {
    harness = mock.proxy("32", "25.5", config -> config.withMaxBody(ByteSize.ofBytes(1024)));
    String big = "{\"model\":\"qwen3:8b\",\"prompt\":\"" + "x".repeat(4096) + "\"}";

    assertThat(call(harness.post("/api/generate", big)))
        .isEqualTo(
            "413 {\"error\":\"smartload: the request body is larger than the limit of 1 KiB;"
                + " raise it with --max-body\"}");

    RequestBody chunked =
        new RequestBody() {
          @Override
          public MediaType contentType() {
            return ProxyHarness.JSON;
          }

          @Override
          public void writeTo(BufferedSink sink) throws IOException {
            sink.writeUtf8(big);
          }
        };
    Request unknownLength =
        new Request.Builder().url(harness.url("/api/generate")).post(chunked).build();
    assertThat(call(unknownLength)).startsWith("413 ");
    assertThat(upstream.getRequestCount()).isZero();
    assertThat(harness.runtime.calls()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "{\"prompt\":\"no model\"}",
        "not json at all",
        "{\"model\":",
        "{\"model\":\"qwen3:8b\",\"messages\":["
      })
  void forwardsBodiesWithoutAModelUnchangedAndSaysNoLoadWasDone(String body) throws Exception {
    proxy("32", "25.5");
    upstream.enqueue(
        new MockResponse.Builder().code(400).body("{\"error\":\"missing request body\"}").build());

    assertThat(call(harness.post("/api/chat", body))).startsWith("400 ");

    assertThat(upstream.takeRequest(5, TimeUnit.SECONDS).getBody().utf8()).isEqualTo(body);
    assertThat(harness.runtime.calls()).isEmpty();
    assertThat(harness.warnings)
        .anyMatch(line -> line.startsWith("no smart load for POST /api/chat"));
  }

  @Test
  void aSlowClientDoesNotHoldUpOthers() throws Exception {
    proxy("32", "25.5").inner.install("qwen3:8b", "5.2").install("qwen3:1.7b", "1.4");
    upstream.enqueue(ok("{\"fast\":true}"));
    upstream.enqueue(ok("{\"slow\":true}"));
    byte[] body = "{\"model\":\"qwen3:8b\",\"prompt\":\"hi\"}".getBytes(StandardCharsets.UTF_8);

    try (Socket slow = new Socket("127.0.0.1", harness.proxy.address().getPort())) {
      OutputStream out = slow.getOutputStream();
      out.write(
          ("POST /api/generate HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                  + "Content-Length: "
                  + body.length
                  + "\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.write(body, 0, 10);
      out.flush();

      assertThat(call(harness.post("/api/chat", "{\"model\":\"qwen3:1.7b\"}")))
          .isEqualTo("200 {\"fast\":true}");

      out.write(body, 10, body.length - 10);
      out.flush();
      BufferedReader in =
          new BufferedReader(new InputStreamReader(slow.getInputStream(), StandardCharsets.UTF_8));
      assertThat(in.readLine()).isEqualTo("HTTP/1.1 200 OK");
    }
    assertThat(upstream.takeRequest(5, TimeUnit.SECONDS).getBody().utf8()).contains("qwen3:1.7b");
    assertThat(upstream.takeRequest(5, TimeUnit.SECONDS).getBody().toByteArray()).isEqualTo(body);
  }

  @Test
  void reportsHealthStatusAndMetrics() throws Exception {
    proxy("32", "25.5").inner.install("qwen3:8b", "5.2");
    upstream.enqueue(ok("{}"));
    call(harness.post("/api/chat", "{\"model\":\"qwen3:8b\"}"));

    assertThat(call(harness.get("/smartload/health"))).startsWith("200 {\"status\":\"ok\",");
    String status = call(harness.get("/smartload/status"));
    assertThat(status)
        .startsWith("200 {\"upstream\":\"Ollama at " + upstream.url("/"))
        .contains("\"available_bytes\":", "\"model\":\"qwen3:8b\"", "\"kind\":\"fits\"")
        .contains("\"in_flight\":{}");
    String metrics = call(harness.get("/metrics"));
    assertThat(metrics)
        .contains(
            "smartload_decisions_total{kind=\"fits\",model=\"qwen3:8b\",outcome=\"loaded\"} 1.0")
        .contains(
            "smartload_proxy_requests_total{endpoint=\"/api/chat\",model=\"qwen3:8b\",status=\"200\"} 1.0")
        .contains("smartload_memory_available_bytes ")
        .contains("smartload_lock_wait_seconds_count 1");

    harness.runtime.down.set(true);
    assertThat(call(harness.get("/smartload/health")))
        .startsWith("503 {\"status\":\"upstream-unreachable\"");
  }

  @Test
  void metricsNameOnlyKnownEndpointsSoThatStrangePathsCannotGrowThemWithoutBound()
      throws Exception {
    proxy("32", "25.5");
    upstream.enqueue(ok("{\"models\":[]}"));
    upstream.enqueue(new MockResponse.Builder().code(404).body("404 page not found").build());
    upstream.enqueue(new MockResponse.Builder().code(404).body("404 page not found").build());

    call(harness.get("/api/tags"));
    call(harness.get("/wp-login.php?x=1"));
    call(harness.get("/api/blobs/sha256:0123abcd"));

    String metrics = call(harness.get("/metrics"));
    assertThat(metrics)
        .contains(
            "smartload_proxy_requests_total{endpoint=\"/api/tags\",model=\"-\",status=\"200\"}")
        .contains(
            "smartload_proxy_requests_total{endpoint=\"other\",model=\"-\",status=\"404\"} 2.0")
        .doesNotContain("wp-login", "sha256:0123abcd");
  }

  @Test
  void logsOneLineARequest() throws Exception {
    proxy("32", "25.5").inner.install("qwen3:8b", "5.2");
    upstream.enqueue(ok("{}"));
    upstream.enqueue(ok("{}"));

    call(harness.post("/api/chat", "{\"model\":\"qwen3:8b\"}"));
    call(harness.post("/api/chat", "{\"model\":\"qwen3:8b\"}"));

    // A sized answer can reach the client a moment before its line is logged.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (harness.info.size() < 2 && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertThat(harness.info)
        .filteredOn(line -> line.startsWith("POST /api/chat"))
        .satisfiesExactly(
            first -> assertThat(first).matches("POST /api/chat qwen3:8b 200 \\d+ms \\(fits\\)"),
            second ->
                assertThat(second).matches("POST /api/chat qwen3:8b 200 \\d+ms \\(resident\\)"));
  }
}
