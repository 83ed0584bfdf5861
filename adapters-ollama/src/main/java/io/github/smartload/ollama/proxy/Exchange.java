package io.github.smartload.ollama.proxy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;
import okhttp3.OkHttpClient;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.Callback;

/** One request in progress: Jetty's objects, the upstream call and whether the client left. */
final class Exchange {
  final Request request;
  final org.eclipse.jetty.server.Response response;
  final Callback callback;
  final UpstreamCall upstream;
  final AtomicBoolean gone = new AtomicBoolean();

  /** Runs the client idle timeout only while the proxy reads from or writes to the client. */
  final ClientClock clock;

  /** The response, written with the clock running while each write is under way. */
  final Content.Sink sink;

  Exchange(
      Request request,
      org.eclipse.jetty.server.Response response,
      Callback callback,
      OkHttpClient client) {
    this.request = request;
    this.clock = new ClientClock(request);
    // Once the client's request is all read, the proxy waits on Ollama, not on the client.
    this.upstream = new UpstreamCall(client, clock::stop);
    this.response = response;
    this.sink = clock.around(response);
    // However the request ends, the connection's idle timeout runs again for its next request.
    this.callback =
        new Callback.Nested(callback) {
          @Override
          public void succeeded() {
            clock.start();
            super.succeeded();
          }

          @Override
          public void failed(Throwable cause) {
            clock.start();
            super.failed(cause);
          }
        };
    request.addFailureListener(
        failure -> {
          gone.set(true);
          upstream.cancel();
        });
    // Ollama may be silent for long (a model loading, a long prompt), and only the client or the
    // end of a stop's grace ends a request. The clock is stopped then; a tick that still comes
    // while no read or write is pending (one already due as it stopped, a graceful stop's shorter
    // timeout) would otherwise fail the request, which the listener above takes for the client
    // leaving. The client's own silence counts while the proxy reads from it or writes to it:
    // those fail on their own after --client-idle-timeout.
    request.addIdleTimeoutListener(timeout -> false);
  }

  void json(int status, String json) {
    response.setStatus(status);
    response.getHeaders().put("Content-Type", "application/json; charset=utf-8");
    Content.Sink.write(sink, true, json, callback);
  }

  /** Answers {@code status} with a JSON body, or with none when {@code json} is empty. */
  void answer(int status, String json) {
    if (json.isEmpty()) {
      response.setStatus(status);
      response.getHeaders().put("Content-Length", "0");
      sink.write(true, null, callback);
    } else {
      json(status, json);
    }
  }

  void error(int status, String message, java.time.Duration retryAfter) {
    if (retryAfter != null) {
      response.getHeaders().put("Retry-After", Long.toString(retryAfter.toSeconds()));
    }
    json(status, StatusPage.error(message));
  }

  void metrics(ProxyMetrics source) throws IOException {
    response.setStatus(200);
    response.getHeaders().put("Content-Type", source.contentType());
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    source.writeTo(out);
    sink.write(true, java.nio.ByteBuffer.wrap(out.toByteArray()), callback);
  }

  /** Answers an Ollama-style 500 when nothing was sent yet, else cuts the response. */
  void fail(RuntimeException cause) {
    if (response.isCommitted()) {
      abort(cause);
    } else {
      response.getHeaders().clear();
      error(
          500, "smartload: internal error: " + cause.getMessage() + "; see the proxy's log", null);
    }
  }

  void abort(Throwable cause) {
    callback.failed(cause);
  }
}
