package io.github.smartload.ollama.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.OkHttpClient;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Slowloris: many clients sending a body a few bytes a second must not starve the others. Shown
 * with a pool of 16 threads and 40 slow clients, as 300 would against 256 threads.
 */
class ProxySlowClientsTest {

  private static final int SLOW_CLIENTS = 40;

  @RegisterExtension final MockUpstream mock = new MockUpstream();
  private final MockWebServer upstream = mock.server;
  private final List<Socket> slow = new ArrayList<>();
  private final ScheduledExecutorService trickle = Executors.newSingleThreadScheduledExecutor();
  private ProxyHarness harness;

  @BeforeEach
  void start() throws IOException {
    upstream.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            return new MockResponse.Builder().code(200).body("{\"done\":true}").build();
          }
        });
    harness =
        mock.proxy(
            "32", "25.5", config -> config.withLimits(ProxyLimits.defaults().withMaxThreads(16)));
    harness.inner.install("qwen3:1.7b", "1.4");
  }

  @AfterEach
  void stop() throws IOException {
    trickle.shutdownNow();
    for (Socket socket : slow) {
      socket.close();
    }
  }

  @Test
  void slowBodiesNeitherStarveHealthNorNormalChatsAndAreDropped() throws Exception {
    for (int i = 0; i < SLOW_CLIENTS; i++) {
      Socket socket = new Socket("127.0.0.1", harness.proxy.address().getPort());
      socket
          .getOutputStream()
          .write(
              ("POST /api/chat HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                      + "Content-Length: 100000\r\n\r\n{")
                  .getBytes(StandardCharsets.US_ASCII));
      slow.add(socket);
    }
    // Five bytes a second each, far below the 1 KiB/s minimum.
    trickle.scheduleAtFixedRate(this::oneByteEach, 200, 200, TimeUnit.MILLISECONDS);
    OkHttpClient client = harness.client.newBuilder().readTimeout(Duration.ofSeconds(10)).build();

    try (Response health = client.newCall(harness.get("/smartload/health")).execute()) {
      assertThat(health.code()).isEqualTo(200);
    }
    try (Response chat =
        client
            .newCall(harness.post("/api/chat", "{\"model\":\"qwen3:1.7b\",\"messages\":[]}"))
            .execute()) {
      assertThat(chat.code()).isEqualTo(200);
    }
    for (Socket socket : slow) {
      assertThat(answerOrClose(socket, Duration.ofSeconds(30)))
          .as("a slow body is dropped")
          .matches(answer -> answer.isEmpty() || answer.startsWith("HTTP/1.1 408"));
    }
  }

  private void oneByteEach() {
    for (Socket socket : slow) {
      try {
        OutputStream out = socket.getOutputStream();
        out.write(' ');
        out.flush();
      } catch (IOException e) {
        // dropped by the proxy: what the test waits for
      }
    }
  }

  /** What the proxy sent before closing the connection, or "still open" after the deadline. */
  private static String answerOrClose(Socket socket, Duration deadline) throws IOException {
    socket.setSoTimeout((int) deadline.toMillis());
    InputStream in = socket.getInputStream();
    try {
      return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
    } catch (SocketTimeoutException e) {
      return "still open";
    } catch (IOException e) {
      return ""; // reset: dropped
    }
  }
}
