package io.github.smartload.ollama.proxy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import okhttp3.Call;
import okhttp3.Headers;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.RequestBody;
import okhttp3.Response;
import okio.Buffer;
import okio.BufferedSink;
import okio.BufferedSource;
import okio.Okio;
import okio.Pipe;
import okio.Sink;
import okio.Source;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;

/**
 * One request forwarded to Ollama: the client's method, path, query, headers and bytes go up
 * unchanged (hop-by-hop headers aside), and the answer comes back chunk by chunk as it arrives, so
 * NDJSON lines and server-sent events reach the client at once. Cancelling it (the client left)
 * cancels the upstream call.
 */
final class UpstreamCall {

  /**
   * Headers that describe one connection, not the message (RFC 9110 7.6.1), Host, and Expect: the
   * proxy has answered the client's 100-continue itself by reading the body.
   */
  static final Set<String> HOP_BY_HOP =
      Set.of(
          "connection",
          "keep-alive",
          "proxy-connection",
          "proxy-authenticate",
          "proxy-authorization",
          "te",
          "trailer",
          "trailers",
          "transfer-encoding",
          "upgrade",
          "host",
          "expect",
          "content-length");

  /** Reading Ollama's answer failed (it died or cut the stream), as opposed to the client. */
  static final class AnswerCut extends IOException {
    AnswerCut(IOException cause) {
      super(
          cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage(),
          cause);
    }
  }

  private static final int CHUNK = 64 * 1024;
  private static final long PIPE_SIZE = 1024 * 1024;

  private final OkHttpClient client;
  private final Runnable requestRead;
  private final AtomicReference<Call> call = new AtomicReference<>();
  private final AtomicBoolean cancelled = new AtomicBoolean();

  /** {@code requestRead} runs once the client's request is all read (its body streamed up, if). */
  UpstreamCall(OkHttpClient client, Runnable requestRead) {
    this.client = client;
    this.requestRead = requestRead;
  }

  /** The client left: stop the upstream call, now or as soon as it starts. */
  void cancel() {
    cancelled.set(true);
    Call current = call.get();
    if (current != null) {
      current.cancel();
    }
  }

  boolean isCancelled() {
    return cancelled.get();
  }

  /**
   * Sends the request upstream and returns Ollama's answer, its body not yet read.
   *
   * @param body the bytes already read, or {@code null} to stream the client's body through
   * @throws IOException when Ollama cannot be reached or the call was cancelled
   */
  Response send(HttpUrl url, Request request, SpooledBody body) throws IOException {
    Headers.Builder headers = new Headers.Builder();
    Set<String> named = connectionTokens(request.getHeaders().getValuesList("Connection"));
    for (HttpField field : request.getHeaders()) {
      String name = field.getLowerCaseName();
      if (!HOP_BY_HOP.contains(name) && !named.contains(name)) {
        headers.addUnsafeNonAscii(field.getName(), HeaderBytes.forUpstream(field.getValue()));
      }
    }
    okhttp3.Request.Builder up = new okhttp3.Request.Builder().url(url).headers(headers.build());
    up.method(request.getMethod(), bodyOf(request, body));
    Call started = client.newCall(up.build());
    call.set(started);
    if (cancelled.get()) {
      started.cancel();
    }
    return started.execute();
  }

  private RequestBody bodyOf(Request request, SpooledBody body) {
    HttpFields headers = request.getHeaders();
    String type = headers.get("Content-Type");
    MediaType mediaType = type == null ? null : MediaType.parse(type);
    if (body != null) {
      requestRead.run();
      return body.requestBody(mediaType);
    }
    long length = request.getLength();
    boolean chunked = headers.contains("Transfer-Encoding");
    if (length <= 0 && !chunked) {
      requestRead.run();
      return needsBody(request.getMethod()) ? RequestBody.create(new byte[0], mediaType) : null;
    }
    InputStream in = Content.Source.asInputStream(request);
    return new RequestBody() {
      @Override
      public MediaType contentType() {
        return mediaType;
      }

      @Override
      public long contentLength() {
        return chunked ? -1 : length;
      }

      @Override
      public boolean isOneShot() {
        return true;
      }

      @Override
      public void writeTo(BufferedSink sink) throws IOException {
        try (Source source = Okio.source(in)) {
          sink.writeAll(source);
        }
        requestRead.run();
      }
    };
  }

  private static boolean needsBody(String method) {
    return switch (method.toUpperCase(Locale.ROOT)) {
      case "POST", "PUT", "PATCH", "PROPPATCH", "REPORT" -> true;
      default -> false;
    };
  }

  /**
   * Copies Ollama's answer to {@code out} as it arrives. OkHttp hands a chunked body over one chunk
   * (one NDJSON line) at a time; a reader thread moves chunks into a pipe, and this thread writes
   * whatever has gathered there, so a fast stream goes out in few large writes while a slow one
   * still goes out line by line, at once.
   *
   * @throws AnswerCut when reading Ollama's answer failed; other exceptions are the client's side
   */
  static long copy(Response response, OutputStream out, Executor readers) throws IOException {
    if (response.body().contentLength() >= 0) {
      return copyDirectly(response, out); // a sized answer is no stream: nothing to gather
    }
    Pipe pipe = new Pipe(PIPE_SIZE);
    AtomicReference<IOException> readFailure = new AtomicReference<>();
    BufferedSource body = response.body().source();
    readers.execute(
        () -> {
          Sink sink = pipe.sink();
          try {
            Buffer chunk = new Buffer();
            while (body.read(chunk, CHUNK) != -1) {
              sink.write(chunk, chunk.size());
              sink.flush();
            }
          } catch (IOException e) {
            readFailure.set(e); // before the close below, which the writer takes for the end
          } finally {
            // Closing, not cancelling, lets the client have what arrived before a failure.
            closeQuietly(sink);
          }
        });
    long total = 0;
    byte[] buffer = new byte[CHUNK];
    try (InputStream in = Okio.buffer(pipe.source()).inputStream()) {
      int n;
      while ((n = in.read(buffer)) != -1) {
        out.write(buffer, 0, n);
        total += n;
      }
    } catch (IOException e) {
      pipe.cancel();
      throw e; // the client's side: the reader stops when its next write finds the pipe cancelled
    }
    if (readFailure.get() != null) {
      throw new AnswerCut(readFailure.get());
    }
    return total;
  }

  private static void closeQuietly(Sink sink) {
    try {
      sink.close();
    } catch (IOException e) {
      // the pipe was cancelled: the writer has already failed
    }
  }

  private static long copyDirectly(Response response, OutputStream out) throws IOException {
    long total = 0;
    byte[] buffer = new byte[CHUNK];
    try (InputStream in = response.body().byteStream()) {
      int n;
      while ((n = read(in, buffer)) != -1) {
        out.write(buffer, 0, n);
        total += n;
      }
    }
    return total;
  }

  private static int read(InputStream in, byte[] buffer) throws AnswerCut {
    try {
      return in.read(buffer);
    } catch (IOException e) {
      throw new AnswerCut(e);
    }
  }

  /**
   * The header names a Connection header lists: they are hop-by-hop too (RFC 9110 7.6.1), lower
   * case. Content-Length stays, as the proxy relies on it to frame a sized answer.
   */
  static Set<String> connectionTokens(List<String> values) {
    Set<String> names = new HashSet<>();
    for (String value : values) {
      for (String token : value.split(",")) {
        String name = token.strip().toLowerCase(Locale.ROOT);
        if (!name.isEmpty() && !name.equals("content-length")) {
          names.add(name);
        }
      }
    }
    return names;
  }

  /** The response headers to pass back to the client. */
  static Headers passBack(Headers headers) {
    Headers.Builder out = new Headers.Builder();
    Set<String> named = connectionTokens(headers.values("Connection"));
    for (int i = 0; i < headers.size(); i++) {
      String name = headers.name(i);
      String lower = name.toLowerCase(Locale.ROOT);
      if ((!HOP_BY_HOP.contains(lower) || lower.equals("content-length"))
          && !named.contains(lower)) {
        out.addUnsafeNonAscii(name, headers.value(i));
      }
    }
    return out.build();
  }
}
