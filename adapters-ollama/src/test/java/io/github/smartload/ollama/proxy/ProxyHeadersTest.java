package io.github.smartload.ollama.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Header values go to Ollama byte for byte, whatever bytes they hold. */
class ProxyHeadersTest {

  private ProxyHarness harness;
  private ServerSocket upstream;

  @AfterEach
  void stop() throws IOException {
    if (harness != null) {
      harness.close();
    }
    if (upstream != null) {
      upstream.close();
    }
  }

  @Test
  void aUtf8HeaderValueReachesOllamaByteForByteWithoutA500() throws Exception {
    byte[] value = "café".getBytes(StandardCharsets.UTF_8);

    Exchanged seen = exchange(value);

    assertThat(seen.answer()).startsWith("HTTP/1.1 200");
    assertThat(seen.head()).containsSubsequence(header(value));
  }

  @Test
  void aValueThatIsNotUtf8IsRefusedWithJsonBeforeAnySmartLoad() throws Exception {
    // OkHttp writes header values as UTF-8: no string of ours becomes a lone 0xE9 byte.
    byte[] value = {'c', 'a', 'f', (byte) 0xE9};

    Exchanged seen = exchange(value);

    assertThat(seen.answer())
        .startsWith("HTTP/1.1 400")
        .endsWith(
            "{\"error\":\"smartload: the value of header X-Lat is neither ASCII nor UTF-8, and"
                + " cannot be forwarded unchanged\"}");
    assertThat(harness.runtime.calls()).noneMatch(call -> call.startsWith("load"));
    assertThat(seen.head()).isEmpty();
  }

  private record Exchanged(String answer, byte[] head) {}

  private static byte[] header(byte[] value) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes("\r\nX-Lat: ".getBytes(StandardCharsets.US_ASCII));
    out.writeBytes(value);
    out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
    return out.toByteArray();
  }

  /** Sends a chat with {@code X-Lat: value} through the proxy; returns both ends' view. */
  private Exchanged exchange(byte[] value) throws Exception {
    upstream = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
    CompletableFuture<byte[]> head = CompletableFuture.supplyAsync(this::answerOnce);
    harness =
        new ProxyHarness(
            "32", "25.5", HttpUrl.get("http://127.0.0.1:" + upstream.getLocalPort() + "/"));
    harness.inner.install("qwen3:1.7b", "1.4");
    String body = "{\"model\":\"qwen3:1.7b\",\"messages\":[]}";
    ByteArrayOutputStream request = new ByteArrayOutputStream();
    request.writeBytes(
        ("POST /api/chat HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + "Content-Length: "
                + body.length()
                + "\r\nConnection: close\r\nX-Lat: ")
            .getBytes(StandardCharsets.US_ASCII));
    request.writeBytes(value);
    request.writeBytes(("\r\n\r\n" + body).getBytes(StandardCharsets.US_ASCII));
    try (Socket socket = new Socket("127.0.0.1", harness.proxy.address().getPort())) {
      socket.setSoTimeout(10_000);
      socket.getOutputStream().write(request.toByteArray());
      String answer =
          new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
      return new Exchanged(answer, head.isDone() ? head.get(1, TimeUnit.SECONDS) : new byte[0]);
    }
  }

  /** One Ollama answer: records the request's head, answers {@code {}}. */
  private byte[] answerOnce() {
    try (Socket socket = upstream.accept()) {
      InputStream in = socket.getInputStream();
      ByteArrayOutputStream head = new ByteArrayOutputStream();
      while (!endsWithBlankLine(head.toByteArray())) {
        int b = in.read();
        if (b < 0) {
          break;
        }
        head.write(b);
      }
      OutputStream out = socket.getOutputStream();
      out.write(
          "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}"
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      return head.toByteArray();
    } catch (IOException e) {
      return new byte[0];
    }
  }

  private static boolean endsWithBlankLine(byte[] bytes) {
    int n = bytes.length;
    return n >= 4
        && bytes[n - 4] == '\r'
        && bytes[n - 3] == '\n'
        && bytes[n - 2] == '\r'
        && bytes[n - 1] == '\n';
  }
}
