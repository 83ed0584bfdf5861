package io.github.smartload.ollama;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.JsonDataException;
import com.squareup.moshi.JsonEncodingException;
import com.squareup.moshi.Moshi;
import io.github.smartload.core.Durations;
import io.github.smartload.core.port.RuntimeProtocolException;
import io.github.smartload.core.port.RuntimeRejectedException;
import io.github.smartload.core.port.RuntimeUnreachableException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.time.Duration;
import okhttp3.HttpUrl;
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
    Request request = new Request.Builder().url(url(path)).get().build();
    return exchange(client, timeout, request, "GET /" + path, type);
  }

  <T> T post(OkHttpClient client, Duration timeout, String path, String json, Class<T> type) {
    Request request =
        new Request.Builder().url(url(path)).post(RequestBody.create(json, JSON)).build();
    return exchange(client, timeout, request, "POST /" + path, type);
  }

  private HttpUrl url(String path) {
    return baseUrl.newBuilder().addPathSegments(path).build();
  }

  private <T> T exchange(
      OkHttpClient client, Duration timeout, Request request, String endpoint, Class<T> type) {
    String body;
    int status;
    try (Response response = client.newCall(request).execute()) {
      status = response.code();
      body = response.body().string();
    } catch (IOException e) {
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

  private RuntimeUnreachableException unreachable(
      IOException e, Duration timeout, String endpoint) {
    String why;
    if (e instanceof ConnectException) {
      why = "connection refused";
    } else if (e instanceof UnknownHostException) {
      why = "unknown host " + baseUrl.host();
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
          e);
    } else {
      why = e.getMessage() == null ? e.getClass().getSimpleName() : oneLine(e.getMessage());
    }
    return new RuntimeUnreachableException(
        "Ollama is not reachable at "
            + shownUrl
            + " ("
            + why
            + "). Is `ollama serve` running? Set OLLAMA_HOST or --host.",
        e);
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
