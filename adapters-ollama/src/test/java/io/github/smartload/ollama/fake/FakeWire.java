package io.github.smartload.ollama.fake;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.Moshi;
import com.sun.net.httpserver.HttpExchange;
import io.github.smartload.core.KeepAlive;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Optional;

/** How the fake Ollama reads requests and writes answers: Ollama's JSON, times and errors. */
final class FakeWire {

  static final JsonAdapter<Object> JSON = new Moshi.Builder().build().adapter(Object.class);

  /** Go's time.RFC3339Nano as Ollama writes it, with an explicit offset. */
  private static final DateTimeFormatter GO_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.nnnnnnnnnXXX");

  private FakeWire() {}

  /** keep_alive as Ollama reads it: a number of seconds or a Go duration string. */
  static Optional<Duration> keepAlive(Object value) {
    if (value == null) {
      return Optional.empty();
    }
    if (value instanceof Number number) {
      return Optional.of(Duration.ofNanos((long) (number.doubleValue() * 1e9)));
    }
    if (value instanceof String text) {
      if (text.strip().matches("-?[0-9]+(\\.[0-9]+)?") && !text.strip().equals("0")) {
        throw new HttpError(400, "time: missing unit in duration \"" + text + "\"");
      }
      try {
        return Optional.of(KeepAlive.parse(text).duration());
      } catch (IllegalArgumentException e) {
        throw new HttpError(400, "time: invalid duration \"" + text + "\"");
      }
    }
    throw new HttpError(400, "json: cannot unmarshal keep_alive " + value);
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> parse(String body) {
    if (body.isBlank()) {
      throw new HttpError(400, "missing request body");
    }
    try {
      Object value = JSON.fromJson(body);
      if (value instanceof Map<?, ?> map) {
        return (Map<String, Object>) map;
      }
    } catch (IOException | RuntimeException e) {
      // fall through to Ollama's answer for bad JSON
    }
    throw new HttpError(400, "invalid character in request body");
  }

  static void sleep(Duration duration) {
    if (duration.isZero()) {
      return;
    }
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  static String goTime(Instant instant) {
    return GO_TIME.format(instant.atOffset(ZoneOffset.UTC));
  }

  static void send(HttpExchange exchange, int status, Object body) throws IOException {
    byte[] bytes = JSON.toJson(body).getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
  }

  static void text(HttpExchange exchange, int status, String text) throws IOException {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
    boolean head = exchange.getRequestMethod().equals("HEAD");
    exchange.sendResponseHeaders(status, head ? -1 : bytes.length);
    if (!head) {
      exchange.getResponseBody().write(bytes);
    }
  }

  static void write(OutputStream out, String text) throws IOException {
    out.write(text.getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  /** An answer with Ollama's {@code {"error": ...}} body. */
  static final class HttpError extends RuntimeException {
    final int status;

    HttpError(int status, String message) {
      super(message);
      this.status = status;
    }
  }
}
