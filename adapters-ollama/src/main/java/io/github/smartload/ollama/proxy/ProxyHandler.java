package io.github.smartload.ollama.proxy;

import io.github.smartload.core.ModelName;
import io.github.smartload.core.admission.Admission;
import io.github.smartload.core.admission.Answer;
import io.github.smartload.core.admission.InFlight;
import io.github.smartload.core.port.ModelReader;
import java.io.IOException;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.Executor;
import okhttp3.OkHttpClient;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.Callback;

/**
 * Routes each request: the proxy's own endpoints, model-bearing requests (smart load first), and
 * everything else passed through untouched. Handlers block: each request has its own thread.
 */
final class ProxyHandler extends Handler.Abstract {

  /** The requests that bring a model in (ollama-api.md): their body's "model" is read. */
  static final Set<String> MODEL_PATHS =
      Set.of(
          "/api/generate",
          "/api/chat",
          "/api/embed",
          "/api/embeddings",
          "/v1/chat/completions",
          "/v1/completions",
          "/v1/embeddings");

  /** Bodies in flight finish in seconds: a client turned away for them may retry soon. */
  private static final java.time.Duration BODIES_RETRY = java.time.Duration.ofSeconds(2);

  private final ProxyConfig config;
  private final Admission admission;
  private final AdmissionReport report;
  private final OkHttpClient client;
  private final OkHttpClient retrying;
  private final ProxyMetrics metrics;
  private final StatusPage status;
  private final HealthCheck health;
  private final ProxyLog log;
  private final RequestGate gate;
  private final BodySpool bodies;
  private final ContextPin contexts;
  private final ExchangeLog exchanges;
  private final Forwarder forwarder;

  ProxyHandler(
      ProxyConfig config,
      Admission admission,
      AdmissionReport report,
      OkHttpClient client,
      ProxyMetrics metrics,
      StatusPage status,
      HealthCheck health,
      ProxyLog log,
      Executor readers,
      ModelReader runtime) {
    super(InvocationType.BLOCKING);
    this.config = config;
    this.gate = new RequestGate(config.origins());
    this.bodies = new BodySpool(config.limits());
    this.contexts = new ContextPin(runtime, bodies, metrics, log);
    this.admission = admission;
    this.report = report;
    this.client = client;
    // A GET or HEAD changes nothing in Ollama: OkHttp may send it again when a pooled connection
    // turns out closed, as it would for any client. Everything else is sent once (see OllamaProxy).
    this.retrying = client.newBuilder().retryOnConnectionFailure(true).build();
    this.metrics = metrics;
    this.status = status;
    this.health = health;
    this.log = log;
    this.exchanges = new ExchangeLog(metrics, log);
    this.forwarder = new Forwarder(config, admission, readers, exchanges);
  }

  @Override
  public boolean handle(
      Request request, org.eclipse.jetty.server.Response response, Callback callback) {
    String method = request.getMethod();
    boolean safe = method.equals("GET") || method.equals("HEAD");
    Exchange exchange = new Exchange(request, response, callback, safe ? retrying : client);
    String path = Request.getPathInContext(request);
    guarded(exchange, method, path, () -> route(exchange, method, path));
    return true;
  }

  /** One step of handling a request; it may block. */
  private interface Step {
    void run() throws IOException, InterruptedException;
  }

  private void route(Exchange exchange, String method, String path)
      throws IOException, InterruptedException {
    Request request = exchange.request;
    Optional<RequestGate.Refusal> refusal = gate.check(request);
    if (refusal.isPresent()) {
      refuse(exchange, path, refusal.get());
      return;
    }
    if (method.equals("GET") && path.equals("/smartload/status")) {
      exchange.json(200, status.render());
    } else if (method.equals("GET") && path.equals("/smartload/health")) {
      HealthCheck.Answer health = this.health.answer();
      exchange.json(health.ok() ? 200 : 503, health.json());
    } else if (method.equals("GET") && path.equals("/metrics")) {
      exchange.metrics(metrics);
    } else if (method.equals("POST") && MODEL_PATHS.contains(path)) {
      long started = System.nanoTime();
      bodies.read(
          request,
          config.maxBody().bytes(),
          read -> guarded(exchange, method, path, () -> intercept(exchange, path, read, started)));
    } else {
      forwarder.forward(exchange, path, null, null, "", System.nanoTime());
    }
  }

  /** Runs {@code step}, turning what it throws into the answer or the cut the client gets. */
  private void guarded(Exchange exchange, String method, String path, Step step) {
    try {
      step.run();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      exchange.abort(e);
    } catch (IOException e) {
      exchange.abort(e);
    } catch (RuntimeException e) {
      // A bug: say so in the log, since Jetty's own logging is silenced.
      log.warn("internal error on " + method + " " + path + ": " + e);
      exchange.fail(e);
    }
  }

  private void refuse(Exchange exchange, String path, RequestGate.Refusal refusal) {
    exchanges.finished(exchange, path, "-", refusal.status(), System.nanoTime(), refusal.note());
    exchange.answer(refusal.status(), refusal.body());
  }

  private void intercept(Exchange exchange, String path, BodySpool.Outcome read, long started)
      throws IOException, InterruptedException {
    if (read instanceof BodySpool.Failed failed) {
      exchanges.finished(exchange, path, "-", 499, started, "client left while sending its body");
      exchange.abort(failed.cause());
      return;
    }
    if (read instanceof BodySpool.TooSlow slow) {
      exchanges.finished(exchange, path, "-", 408, started, "body too slow, dropped");
      exchange.response.getHeaders().put("Connection", "close");
      exchange.error(408, BodySpool.tooSlow(slow, config.limits().minBodyRate()), null);
      return;
    }
    if (read instanceof BodySpool.TooLarge) {
      String message =
          "smartload: the request body is larger than the limit of "
              + binary(config.maxBody().bytes())
              + "; raise it with --max-body";
      exchanges.finished(exchange, path, "-", 413, started, "too large");
      // The body is left unread, so Jetty closes the connection after this answer: say so, or a
      // client sends its next request on a connection that is going away.
      exchange.response.getHeaders().put("Connection", "close");
      exchange.error(413, message, null);
      return;
    }
    if (read instanceof BodySpool.NoRoom noRoom) {
      exchanges.finished(exchange, path, "-", 503, started, noRoom.what());
      exchange.error(503, "smartload: " + noRoom.what() + "; retry shortly", BODIES_RETRY);
      return;
    }
    try (SpooledBody body = ((BodySpool.Read) read).body()) {
      Optional<ModelField.Result> model = bodies.model(body, path);
      if (model.isEmpty()) {
        String what = "request bodies being read hold the proxy's memory budget";
        exchanges.finished(exchange, path, "-", 503, started, what);
        exchange.error(503, "smartload: " + what + "; retry shortly", BODIES_RETRY);
        return;
      }
      ModelField.Result field = model.get();
      if (field instanceof ModelField.Found found && found.intent() == ModelField.Intent.UNLOAD) {
        // The client's own unload (ollama stop): Ollama does it; smart-loading first would empty
        // RAM for a model about to leave.
        metrics.unloadRequested(found.model());
        forwarder.forward(exchange, path, body, found.model(), "unload request", started);
        admission.leaving(found.model());
      } else if (field instanceof ModelField.Found found) {
        admitAndForward(exchange, path, body, found.model(), found.numCtx(), started);
        if (found.intent() == ModelField.Intent.LOAD_THEN_LEAVE) {
          admission.leaving(found.model()); // Ollama unloads it once it has answered
        }
      } else if (field instanceof ModelField.Absent absent) {
        // Ollama answers a malformed body itself; the proxy only notes that it could not help.
        log.warn("no smart load for POST " + path + ": " + absent.reason() + "; forwarding as is");
        forwarder.forward(exchange, path, body, null, "unchecked", started);
      }
    }
  }

  private void admitAndForward(
      Exchange exchange,
      String path,
      SpooledBody body,
      ModelName model,
      OptionalInt numCtx,
      long started)
      throws IOException, InterruptedException {
    exchange.clock.stop(); // the body is read: waiting in the queue is not the client's idleness
    HangUpProbe hangUp = new HangUpProbe(exchange.request);
    Answer answer =
        admission.admit(model, numCtx, () -> exchange.gone.get() || hangUp.getAsBoolean(), report);
    if (hangUp.consumedInput()) {
      exchange.response.getHeaders().put("Connection", "close");
    }
    if (hangUp.getAsBoolean()) {
      exchange.gone.set(true);
    }
    if (answer instanceof Answer.Refuse refuse) {
      Refusal refusal = Refusal.of(model, refuse.reason(), "Ollama at " + config.upstream());
      report.refused(refusal);
      if (!exchange.gone.get()) {
        exchanges.finished(
            exchange, path, model.toString(), refusal.status(), started, refusal.note());
        exchange.error(refusal.status(), refusal.message(), refusal.retryAfter().orElse(null));
      } else {
        exchanges.finished(
            exchange, path, model.toString(), 499, started, "client left while waiting");
        exchange.abort(new IOException("the client left while waiting"));
      }
    } else if (answer instanceof Answer.Go go) {
      String note = report.admitted(model, go.route());
      try (InFlight.Ticket ticket = go.ticket();
          ContextPin.Forwarded sent = contexts.pin(path, body, ticket.model(), go.route())) {
        // Logged with the whole time since the request arrived, the smart load included.
        forwarder.forward(exchange, path, sent.body(), ticket.model(), sent.note(note), started);
      }
    }
  }

  /** Body limits are set in binary units (64MiB), so they are shown in them. */
  static String binary(long bytes) {
    if (bytes % (1024 * 1024) == 0) {
      return bytes / (1024 * 1024) + " MiB";
    }
    if (bytes % 1024 == 0) {
      return bytes / 1024 + " KiB";
    }
    return bytes + " bytes";
  }
}
