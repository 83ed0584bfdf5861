package io.github.smartload.ollama.proxy;

import io.github.smartload.core.ModelName;
import io.github.smartload.core.admission.Admission;
import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.Executor;
import okhttp3.Headers;
import okhttp3.HttpUrl;
import okhttp3.Response;
import org.eclipse.jetty.io.Content;

/**
 * Sends a request on to Ollama and copies its answer back to the client; a failure upstream or a
 * cut answer becomes an Ollama-style error when nothing reached the client yet, a cut otherwise.
 */
final class Forwarder {

  private final ProxyConfig config;
  private final Admission admission;
  private final Executor readers;
  private final ExchangeLog exchanges;

  Forwarder(ProxyConfig config, Admission admission, Executor readers, ExchangeLog exchanges) {
    this.config = config;
    this.admission = admission;
    this.readers = readers;
    this.exchanges = exchanges;
  }

  /** Forwards the request upstream and streams the answer back. */
  void forward(
      Exchange exchange, String path, SpooledBody body, ModelName model, String note, long started)
      throws IOException {
    String shown = model == null ? "-" : model.toString();
    if (exchange.gone.get()) {
      exchange.abort(new IOException("the client left before forwarding"));
      return;
    }
    HttpUrl url = target(path, exchange.request.getHttpURI().getQuery());
    Response answer;
    try {
      answer = exchange.upstream.send(url, exchange.request, body);
    } catch (IOException e) {
      if (exchange.upstream.isCancelled()) {
        exchange.abort(e);
        exchanges.finished(exchange, path, shown, 499, started, "client left");
        return;
      }
      UpstreamFailure failure = UpstreamFailure.of(e, config);
      if (failure.status() == 502) {
        admission.runtimeLost(); // refused or cut: Ollama may come back with nothing resident
      }
      exchanges.finished(exchange, path, shown, failure.status(), started, note);
      exchange.error(failure.status(), failure.message(), null);
      return;
    }
    boolean logged = false;
    try (answer) {
      exchange.response.setStatus(answer.code());
      Headers headers = UpstreamCall.passBack(answer.headers());
      for (int i = 0; i < headers.size(); i++) {
        exchange.response.getHeaders().add(headers.name(i), headers.value(i));
      }
      OutputStream out = Content.Sink.asOutputStream(exchange.sink);
      UpstreamCall.copy(answer, out, readers);
      // Logged before the stream is closed: a streamed client has its last chunk only after this
      // line; one reading a body of known length may finish just before it (tests poll for it).
      exchanges.finished(exchange, path, shown, answer.code(), started, note);
      logged = true;
      out.close();
      exchange.callback.succeeded();
    } catch (IOException e) {
      boolean ollamaCut = e instanceof UpstreamCall.AnswerCut && !exchange.upstream.isCancelled();
      exchange.upstream.cancel();
      if (ollamaCut) {
        admission.runtimeLost();
      }
      if (!logged) {
        // Logged before the client's stream is cut, as a whole answer is logged before its end.
        if (ollamaCut) {
          exchanges.finished(
              exchange, path, shown, 502, started, "Ollama cut the answer: " + describe(e));
        } else {
          exchanges.finished(exchange, path, shown, 499, started, "client left: " + describe(e));
        }
      }
      if (ollamaCut && !exchange.response.isCommitted()) {
        // Nothing reached the client yet: it can still be told, in Ollama's words.
        exchange.response.getHeaders().clear();
        exchange.error(502, "smartload: Ollama at " + config.upstream() + " " + describe(e), null);
      } else {
        exchange.abort(e);
      }
    }
  }

  private HttpUrl target(String path, String query) {
    HttpUrl base = config.upstream();
    String prefix =
        base.encodedPath().endsWith("/")
            ? base.encodedPath().substring(0, base.encodedPath().length() - 1)
            : base.encodedPath();
    return base.newBuilder().encodedPath(prefix + path).encodedQuery(query).build();
  }

  private static String describe(IOException e) {
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }
}
