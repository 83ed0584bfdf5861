package io.github.smartload.ollama;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.JsonDataException;
import com.squareup.moshi.JsonEncodingException;
import com.squareup.moshi.JsonReader;
import com.squareup.moshi.Moshi;
import io.github.smartload.core.Durations;
import io.github.smartload.core.port.RuntimeDiedException;
import io.github.smartload.core.port.RuntimeProtocolException;
import io.github.smartload.core.port.RuntimeRejectedException;
import io.github.smartload.core.port.RuntimeUnreachableException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Optional;
import okhttp3.HttpUrl;
import okhttp3.Interceptor;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * One HTTP exchange with Ollama and the translation of everything that can go wrong into core's
 * runtime exceptions; the only place that sees {@link IOException} and Moshi's exceptions.
 */
final class OllamaHttp {

  private static final MediaType JSON = MediaType.get("application/json");

  private static final String CLOSED = "the connection closed before an answer";

  /**
   * Marks that a call's connection was open when its request went out (a network interceptor runs
   * only then), so that a failure afterwards is told from a refused connection.
   */
  static final Interceptor MARK_CONNECTED =
      chain -> {
        Attempt attempt = chain.request().tag(Attempt.class);
        if (attempt != null) {
          attempt.connected = true;
        }
        return chain.proceed(chain.request());
      };

  /** One call's progress, carried as its request's tag. */
  private static final class Attempt {
    volatile boolean connected;
  }

  /** What a POST does, for a death's message: "the load of M", and what became unknown. */
  record Operation(
      String during, String unknown, RuntimeDiedException.Interrupted kind, String model) {

    static Operation load(String model) {
      return new Operation(
          "the load of " + model,
          "the load's outcome is unknown",
          RuntimeDiedException.Interrupted.LOAD,
          model);
    }

    static Operation unload(String model) {
      return new Operation(
          "the unload of " + model,
          "whether it was unloaded is unknown",
          RuntimeDiedException.Interrupted.UNLOAD,
          model);
    }
  }

  /** Bodies quoted in error messages are cut here, so a HTML error page stays one short line. */
  private static final int QUOTE_LIMIT = 200;

  private final Moshi moshi;
  private final HttpUrl baseUrl;
  private final String shownUrl;

  OllamaHttp(Moshi moshi, HttpUrl baseUrl) {
    this.moshi = moshi;
    this.baseUrl = baseUrl;
    this.shownUrl = OllamaHost.display(baseUrl);
  }

  String shownUrl() {
    return shownUrl;
  }

  <T> T get(OkHttpClient client, Duration timeout, String path, Class<T> type) {
    Request.Builder request = new Request.Builder().url(url(path)).get();
    return exchange(client, timeout, request, "GET /" + path, Optional.empty(), type);
  }

  <T> T post(OkHttpClient client, Duration timeout, String path, String json, Class<T> type) {
    return post(client, timeout, path, json, Optional.empty(), type);
  }

  /** A POST that does {@code operation}: a death while it runs says what became unknown. */
  <T> T post(
      OkHttpClient client,
      Duration timeout,
      String path,
      String json,
      Optional<Operation> operation,
      Class<T> type) {
    Request.Builder request =
        new Request.Builder().url(url(path)).post(RequestBody.create(json, JSON));
    return exchange(client, timeout, request, "POST /" + path, operation, type);
  }

  /**
   * Reads a 2xx answer from its stream, so a large one (a verbose /api/show) is never held whole.
   */
  interface StreamReader<T> {
    T read(JsonReader json, String endpoint) throws IOException;
  }

  <T> T postStreaming(
      OkHttpClient client, Duration timeout, String path, String json, StreamReader<T> reader) {
    String endpoint = "POST /" + path;
    Request request =
        new Request.Builder().url(url(path)).post(RequestBody.create(json, JSON)).build();
    try (Response response = client.newCall(request).execute()) {
      if (!response.isSuccessful()) {
        throw new RuntimeRejectedException(
            response.code(),
            "Ollama answered "
                + response.code()
                + " to "
                + endpoint
                + ": "
                + errorText(response.body().string()));
      }
      try (JsonReader body = JsonReader.of(response.body().source())) {
        return reader.read(body, endpoint);
      }
    } catch (JsonDataException e) {
      throw protocol(endpoint, e.getMessage(), e);
    } catch (JsonEncodingException e) {
      throw protocol(endpoint, "not JSON: " + e.getMessage(), e);
    } catch (IOException e) {
      throw unreachable(e, timeout, endpoint);
    }
  }

  private HttpUrl url(String path) {
    return baseUrl.newBuilder().addPathSegments(path).build();
  }

  private <T> T exchange(
      OkHttpClient client,
      Duration timeout,
      Request.Builder builder,
      String endpoint,
      Optional<Operation> operation,
      Class<T> type) {
    Attempt attempt = new Attempt();
    Request request = builder.tag(Attempt.class, attempt).build();
    String body;
    int status;
    try (Response response = client.newCall(request).execute()) {
      status = response.code();
      body = response.body().string();
    } catch (IOException e) {
      if (attempt.connected && !(e instanceof InterruptedIOException)) {
        throw died(e, endpoint, operation);
      }
      throw unreachable(e, timeout, endpoint);
    }
    if (status < 200 || status > 299) {
      throw new RuntimeRejectedException(
          status, "Ollama answered " + status + " to " + endpoint + ": " + errorText(body));
    }
    try {
      T value = moshi.adapter(type).fromJson(body);
      if (value == null) {
        throw protocol(endpoint, "the answer is JSON null", null);
      }
      return value;
    } catch (JsonDataException e) {
      throw protocol(endpoint, e.getMessage(), e);
    } catch (JsonEncodingException e) {
      throw protocol(endpoint, "not JSON: " + quote(body), e);
    } catch (IOException e) {
      throw protocol(endpoint, "not JSON: " + quote(body), e);
    }
  }

  /** A required field is missing from an answer that otherwise parsed. */
  RuntimeProtocolException missing(String endpoint, String field) {
    return protocol(endpoint, "the required field " + field + " is missing", null);
  }

  RuntimeProtocolException protocol(String endpoint, String detail, Throwable cause) {
    return new RuntimeProtocolException(
        "Ollama at "
            + shownUrl
            + " sent an answer to "
            + endpoint
            + " that smartload cannot use: "
            + detail,
        cause);
  }

  /**
   * The connection was open and the request on its way, then it closed with no answer: the server
   * died (an OOM kill, a crash, a restart), which "is it running?" would misreport.
   */
  private RuntimeDiedException died(IOException e, String endpoint, Optional<Operation> operation) {
    String what =
        operation
            .map(o -> "during " + o.during() + " (" + CLOSED + "): " + o.unknown() + ".")
            .orElse(endpoint + " (" + CLOSED + ").");
    return new RuntimeDiedException(
        "Ollama at "
            + shownUrl
            + " stopped answering "
            + what
            + " Look in its journal (journalctl -u ollama) and, for an out-of-memory kill, in"
            + " the kernel's (journalctl -k | grep -i oom).",
        e,
        shownUrl,
        operation.map(Operation::kind).orElse(RuntimeDiedException.Interrupted.REQUEST),
        operation.map(Operation::model).orElse(endpoint));
  }

  private RuntimeUnreachableException unreachable(
      IOException e, Duration timeout, String endpoint) {
    String why;
    RuntimeUnreachableException.Reason reason = null;
    if (e instanceof ConnectException) {
      why = "connection refused";
      reason = RuntimeUnreachableException.Reason.REFUSED;
    } else if (e instanceof UnknownHostException) {
      why = "unknown host " + baseUrl.host();
      reason = RuntimeUnreachableException.Reason.UNKNOWN_HOST;
    } else if (e instanceof InterruptedIOException) {
      // It answered the connection but not the request: telling the operator to start it would
      // mislead; a busy server (loading a large model) is the likely reason.
      return new RuntimeUnreachableException(
          "Ollama at "
              + shownUrl
              + " did not answer: "
              + endpoint
              + " got no answer within "
              + format(timeout)
              + ". It may be busy loading a model; try again in a moment.",
          e,
          shownUrl,
          endpoint,
          timeout);
    } else {
      why = e.getMessage() == null ? e.getClass().getSimpleName() : oneLine(e.getMessage());
    }
    String message =
        "Ollama is not reachable at "
            + shownUrl
            + " ("
            + why
            + "). Is `ollama serve` running? Set OLLAMA_HOST or --host.";
    // The facts go along so that the CLI can say this in the operator's language.
    return reason == null
        ? new RuntimeUnreachableException(message, e)
        : new RuntimeUnreachableException(message, e, shownUrl, reason);
  }

  /** Ollama's {@code {"error": "..."}} text, or the start of whatever else came back. */
  private String errorText(String body) {
    try {
      JsonAdapter<OllamaWire.Error> adapter = moshi.adapter(OllamaWire.Error.class);
      OllamaWire.Error error = adapter.fromJson(body);
      if (error != null && error.error() != null && !error.error().isBlank()) {
        return oneLine(error.error());
      }
    } catch (IOException | RuntimeException e) {
      // not Ollama's error object: quote the body instead
    }
    return body.isBlank() ? "(empty answer)" : quote(body);
  }

  private static String quote(String body) {
    String line = oneLine(body.strip());
    return line.length() <= QUOTE_LIMIT ? line : line.substring(0, QUOTE_LIMIT) + "...";
  }

  private static String oneLine(String text) {
    return text.replaceAll("\\s*\\R\\s*", " ");
  }

  static String format(Duration duration) {
    return Durations.brief(duration);
  }
}
