package io.github.smartload.ollama.soak;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;

/**
 * HTTP/1.1 over a plain socket, for the clients an HTTP library would not let be slow: one that
 * sends its body in pieces with pauses, and one that reads the answer a little at a time through a
 * small receive buffer (so the proxy's writes really wait for it).
 */
final class RawHttp {

  /** A status and the body, chunked encoding undone. */
  record Answer(int status, String body) {}

  /** How a raw exchange sends and reads. */
  record Pace(int sendPieces, Duration sendPause, int readSize, Duration readPause) {
    static final Pace BRISK = new Pace(1, Duration.ZERO, 8192, Duration.ZERO);
  }

  private RawHttp() {}

  static Answer post(int port, String path, String json, Pace pace) throws IOException {
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    String head =
        "POST "
            + path
            + " HTTP/1.1\r\nHost: 127.0.0.1:"
            + port
            + "\r\nContent-Type: application/json\r\nContent-Length: "
            + body.length
            + "\r\nConnection: close\r\n\r\n";
    try (Socket socket = new Socket()) {
      if (pace.readSize() < 8192) {
        socket.setReceiveBufferSize(Math.max(1024, pace.readSize())); // before connect: the window
      }
      socket.setSoTimeout((int) Duration.ofSeconds(90).toMillis());
      socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 10_000);
      OutputStream out = socket.getOutputStream();
      out.write(head.getBytes(StandardCharsets.US_ASCII));
      out.flush();
      int piece = (body.length + pace.sendPieces() - 1) / pace.sendPieces();
      for (int from = 0; from < body.length; from += piece) {
        pause(pace.sendPause());
        out.write(body, from, Math.min(piece, body.length - from));
        out.flush();
      }
      return read(socket.getInputStream(), pace);
    }
  }

  private static Answer read(InputStream in, Pace pace) throws IOException {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    byte[] buffer = new byte[pace.readSize()];
    for (int n; (n = in.read(buffer)) >= 0; ) {
      all.write(buffer, 0, n);
      pause(pace.readPause());
    }
    String text = all.toString(StandardCharsets.ISO_8859_1);
    int end = text.indexOf("\r\n\r\n");
    if (!text.startsWith("HTTP/1.1 ") || end < 0) {
      throw new IOException("not an HTTP answer: " + text.length() + " bytes");
    }
    int status = Integer.parseInt(text.substring(9, 12));
    String head = text.substring(0, end).toLowerCase(Locale.ROOT);
    String body = text.substring(end + 4);
    if (head.contains("\ntransfer-encoding: chunked")) {
      body = unchunk(body);
    }
    return new Answer(
        status, new String(body.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8));
  }

  /**
   * Undoes chunked encoding; a body cut before its last chunk is an IOException, as OkHttp says.
   */
  private static String unchunk(String chunked) throws IOException {
    StringBuilder body = new StringBuilder();
    int at = 0;
    while (true) {
      int lineEnd = chunked.indexOf("\r\n", at);
      if (lineEnd < 0) {
        throw new IOException("unexpected end of stream (cut before the last chunk)");
      }
      int size = Integer.parseInt(chunked.substring(at, lineEnd).split(";")[0].trim(), 16);
      if (size == 0) {
        return body.toString();
      }
      int start = lineEnd + 2;
      if (start + size > chunked.length()) {
        throw new IOException("unexpected end of stream (cut inside a chunk)");
      }
      body.append(chunked, start, start + size);
      at = start + size + 2;
    }
  }

  private static void pause(Duration duration) throws IOException {
    if (duration.isZero()) {
      return;
    }
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted");
    }
  }
}
