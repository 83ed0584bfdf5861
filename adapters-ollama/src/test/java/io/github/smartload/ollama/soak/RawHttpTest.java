package io.github.smartload.ollama.soak;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class RawHttpTest {

  /** Answers one request with {@code answer} after reading its body, then closes. */
  private static int serveOnce(String answer) throws IOException {
    ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
    CompletableFuture.runAsync(
        () -> {
          try (server;
              Socket socket = server.accept()) {
            InputStream in = socket.getInputStream();
            String head = "";
            while (!head.endsWith("\r\n\r\n")) {
              head += (char) in.read();
            }
            in.readNBytes(
                Integer.parseInt(head.replaceAll("(?s).*Content-Length: (\\d+).*", "$1")));
            socket.getOutputStream().write(answer.getBytes(StandardCharsets.UTF_8));
          } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
        });
    return server.getLocalPort();
  }

  private static final RawHttp.Pace SLOW =
      new RawHttp.Pace(3, java.time.Duration.ofMillis(1), 16, java.time.Duration.ofMillis(1));

  @Test
  void readsAChunkedAnswerSentInPiecesAndReadALittleAtATime() throws IOException {
    int port =
        serveOnce(
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "6\r\n{\"a\":1\r\n2\r\n}\n\r\n0\r\n\r\n");

    RawHttp.Answer answer = RawHttp.post(port, "/api/chat", "{\"model\":\"m\"}", SLOW);

    assertThat(answer).isEqualTo(new RawHttp.Answer(200, "{\"a\":1}\n"));
  }

  @Test
  void aChunkedAnswerCutBeforeItsLastChunkIsAnError() throws IOException {
    int port = serveOnce("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n6\r\n{\"a\":1\r\n");

    assertThatThrownBy(() -> RawHttp.post(port, "/api/chat", "{}", RawHttp.Pace.BRISK))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("cut before the last chunk");
  }

  @Test
  void aPlainAnswerIsReadToItsEnd() throws IOException {
    int port =
        serveOnce("HTTP/1.1 413 Payload Too Large\r\nContent-Length: 11\r\n\r\n{\"error\":1}");

    assertThat(RawHttp.post(port, "/api/chat", "{}", RawHttp.Pace.BRISK))
        .isEqualTo(new RawHttp.Answer(413, "{\"error\":1}"));
  }
}
