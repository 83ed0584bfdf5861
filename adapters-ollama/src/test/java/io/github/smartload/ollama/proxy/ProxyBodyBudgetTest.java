package io.github.smartload.ollama.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.smartload.core.ByteSize;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The bodies of requests in flight hold a bounded amount of memory, and big ones go to disk. */
class ProxyBodyBudgetTest {

  private static final ByteSize BUDGET = ByteSize.ofBytes(256 * 1024);

  @RegisterExtension final MockUpstream mock = new MockUpstream();
  private final MockWebServer upstream = mock.server;
  private final List<Socket> sockets = new ArrayList<>();
  private ProxyHarness harness;

  // Runs before MockUpstream closes the proxy and the server: the clients go first.
  @AfterEach
  void closeSockets() throws IOException {
    for (Socket socket : sockets) {
      socket.close();
    }
  }

  private void proxy(ProxyLimits limits) {
    ByteSize maxBody = ByteSize.ofBytes(Math.min(limits.bodyBudget().bytes(), 16L * 1024 * 1024));
    harness = mock.proxy("32", "25.5", config -> config.withMaxBody(maxBody).withLimits(limits));
    harness.inner.install("qwen3:1.7b", "1.4");
  }

  @Test
  void whenBodiesInFlightHoldTheBudgetTheNextGets503WithRetryAfterInJson() throws Exception {
    proxy(ProxyLimits.defaults().withBodyBudget(BUDGET));
    // Three clients each send 100 KiB of a 200 KiB body and stop: 300 KiB > the 256 KiB budget.
    for (int i = 0; i < 3; i++) {
      Socket socket = new Socket("127.0.0.1", harness.proxy.address().getPort());
      sockets.add(socket);
      OutputStream out = socket.getOutputStream();
      out.write(
          ("POST /api/chat HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                  + "Content-Length: "
                  + 200 * 1024
                  + "\r\n\r\n{\"model\":\"qwen3:1.7b\",\"prompt\":\""
                  + "a".repeat(100 * 1024))
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
    }

    String refused = firstAnswer(Duration.ofSeconds(20));

    assertThat(refused).startsWith("HTTP/1.1 503");
    assertThat(refused).containsIgnoringCase("Retry-After: 2");
    assertThat(refused)
        .contains(
            "{\"error\":\"smartload: request bodies in flight hold the proxy's memory budget;"
                + " retry shortly\"}");
    assertThat(harness.runtime.calls()).noneMatch(call -> call.startsWith("load"));
  }

  @Test
  void aBodyOverOneMebibyteGoesThroughADiskFileUnchanged() throws Exception {
    proxy(ProxyLimits.defaults().withBodyBudget(ByteSize.ofBytes(8 * 1024 * 1024)));
    upstream.enqueue(new MockResponse.Builder().code(200).body("{\"done\":true}").build());
    // 3 MiB of prompt before the model: the whole body is read before the smart load.
    String body = "{\"prompt\":\"" + "b".repeat(3 * 1024 * 1024) + "\",\"model\":\"qwen3:1.7b\"}";

    try (Response response =
        harness.client.newCall(harness.post("/api/generate", body)).execute()) {
      assertThat(response.code()).isEqualTo(200);
    }

    RecordedRequest seen = upstream.takeRequest(5, TimeUnit.SECONDS);
    assertThat(seen.getBody().utf8()).isEqualTo(body);
    assertThat(harness.runtime.calls()).contains("load qwen3:1.7b 15m");
  }

  @Test
  void whenSpooledBodiesFillTheirBudgetTheNextGets503() throws Exception {
    proxy(
        ProxyLimits.defaults()
            .withBodyBudget(ByteSize.ofBytes(8 * 1024 * 1024))
            .withSpoolBudget(ByteSize.ofBytes(1024 * 1024)));
    String body = "{\"prompt\":\"" + "b".repeat(3 * 1024 * 1024) + "\",\"model\":\"qwen3:1.7b\"}";

    try (Response response =
        harness.client.newCall(harness.post("/api/generate", body)).execute()) {
      assertThat(response.code()).isEqualTo(503);
      assertThat(response.header("Retry-After")).isEqualTo("2");
      assertThat(response.body().string()).contains("spool budget");
    }
    assertThat(upstream.getRequestCount()).isZero();
  }

  /** The first answer any of the sockets gets, waiting up to {@code deadline}. */
  private String firstAnswer(Duration deadline) throws IOException {
    long end = System.nanoTime() + deadline.toNanos();
    while (System.nanoTime() < end) {
      for (Socket socket : sockets) {
        socket.setSoTimeout(50);
        InputStream in = socket.getInputStream();
        byte[] buffer = new byte[4096];
        try {
          int n = in.read(buffer);
          if (n > 0) {
            socket.setSoTimeout(2000);
            StringBuilder answer =
                new StringBuilder(new String(buffer, 0, n, StandardCharsets.UTF_8));
            while (!answer.toString().contains("}")) {
              int more = in.read(buffer);
              if (more < 0) {
                break;
              }
              answer.append(new String(buffer, 0, more, StandardCharsets.UTF_8));
            }
            return answer.toString();
          }
        } catch (SocketTimeoutException e) {
          // nothing yet on this one
        }
      }
    }
    return "no answer within " + deadline;
  }
}
