package io.github.smartload.ollama.proxy;

import io.github.smartload.core.admission.Admission;
import io.github.smartload.core.port.GpuProbe;
import io.github.smartload.core.port.MemoryProbe;
import io.github.smartload.core.port.ModelRuntime;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import okhttp3.OkHttpClient;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * An Ollama-compatible HTTP server that runs a smart load before every request that brings a model
 * in, then forwards the request to Ollama unchanged and streams the answer back. Clients change one
 * URL and see Ollama's API.
 *
 * <p>Admission (who loads when, who waits) is core's {@link Admission}, which the application
 * builds; the proxy translates HTTP to it and back.
 */
public final class OllamaProxy implements AutoCloseable {

  private static final int RECENT_DECISIONS = 20;

  private final ProxyConfig config;
  private final Server server;
  private final ServerConnector connector;
  private final GracefulHandler graceful;
  private final HealthCheck healthCheck;

  /** Runs one health check at a time, so that a hung Ollama holds no request thread. */
  private final ExecutorService health =
      Executors.newSingleThreadExecutor(
          task -> {
            Thread thread = new Thread(task, "smartload-health");
            thread.setDaemon(true);
            return thread;
          });

  private final ExecutorService readers =
      Executors.newCachedThreadPool(
          task -> {
            Thread thread = new Thread(task, "smartload-upstream-reader");
            thread.setDaemon(true);
            return thread;
          });

  /** A proxy that reports no GPUs: {@code /metrics} and the status page show RAM only. */
  public OllamaProxy(
      ProxyConfig config,
      MemoryProbe probe,
      ModelRuntime runtime,
      Admission admission,
      OkHttpClient upstreamClient,
      ProxyLog sink) {
    this(config, probe, GpuProbe.NONE, runtime, admission, upstreamClient, sink);
  }

  /**
   * {@code admission} is core's, built by the application over its loader and decision log; {@code
   * gpus} feeds the GPU gauges and the status page's GPU list.
   */
  public OllamaProxy(
      ProxyConfig config,
      MemoryProbe probe,
      GpuProbe gpus,
      ModelRuntime runtime,
      Admission admission,
      OkHttpClient upstreamClient,
      ProxyLog sink) {
    this.config = Objects.requireNonNull(config, "config");
    ProxyLog log = new EscapingLog(Objects.requireNonNull(sink, "log"));
    Clock clock = Clock.systemUTC();
    RecentDecisions recent = new RecentDecisions(RECENT_DECISIONS);
    // The admission's list of installed models: a stream of unknown names costs one reading a
    // second, not one per request, and names no series.
    ProxyMetrics metrics = new ProxyMetrics(probe, gpus, admission::inFlight, admission::listed);
    AdmissionReport report = new AdmissionReport(metrics, recent, log, clock);
    // An answer may be silent for minutes (a long prompt on a CPU): only the configured upstream
    // timeout, never the shared client's default, decides that Ollama has stopped answering.
    OkHttpClient streaming =
        upstreamClient
            .newBuilder()
            .readTimeout(config.limits().upstreamTimeout())
            .callTimeout(Duration.ZERO)
            // Never resend: a request whose connection died after it was sent may have loaded a
            // model (Ollama acts before it answers); a second copy would act twice, and on an
            // Ollama that restarted, load outside any smart load. The client gets 502 instead.
            .retryOnConnectionFailure(false)
            .build();
    StatusPage status =
        new StatusPage(
            probe,
            gpus,
            runtime,
            admission::inFlight,
            recent,
            admission::queued,
            "Ollama at " + config.upstream());

    QueuedThreadPool threads = new QueuedThreadPool(config.limits().maxThreads(), 8);
    threads.setName("smartload-proxy");
    server = new Server(threads);
    HttpConfiguration http = new HttpConfiguration();
    http.setSendServerVersion(false);
    http.setSendDateHeader(false);
    connector = new ServerConnector(server, new HttpConnectionFactory(http));
    connector.setHost(config.listen().getHostString());
    connector.setPort(config.listen().getPort());
    connector.setIdleTimeout(config.limits().clientIdleTimeout().toMillis());
    // A graceful stop would give every connection a 1 s idle timeout, its whole silence counted:
    // that restarts the clock of a request waiting on Ollama (see ClientClock), and cuts its
    // answer. None instead: the grace bounds every request, and a clock started again during the
    // stop runs on the client idle timeout.
    connector.setShutdownIdleTimeout(0);
    server.addConnector(connector);
    healthCheck = new HealthCheck(status::health, health, clock);
    graceful =
        new GracefulHandler(
            new ProxyHandler(
                config,
                admission,
                report,
                streaming,
                metrics,
                status,
                healthCheck,
                log,
                readers,
                runtime));
    server.setHandler(graceful);
    server.setErrorHandler(new JsonErrors());
    // close() waits for requests itself: Jetty's own graceful stop also waits for idle
    // keep-alive connections, which a client may hold open for minutes.
    server.setStopTimeout(0);
    server.setStopAtShutdown(false);
  }

  /**
   * Tests only: puts {@code outer} between Jetty and the proxy's handler, to hook into a request's
   * handling (a stalled write, say). Call it before {@link #start()}.
   */
  void insertHandler(Handler.Wrapper outer) {
    outer.setHandler(graceful.getHandler());
    graceful.setHandler(outer);
  }

  /**
   * Binds the listen address and starts serving.
   *
   * @throws UncheckedIOException when the address cannot be bound (in use, not local)
   */
  public void start() {
    try {
      server.start();
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot listen on " + describe(config.listen()) + ": " + e.getMessage(), e);
    } catch (Exception e) {
      throw new IllegalStateException("the proxy did not start: " + e.getMessage(), e);
    }
  }

  /** The address the proxy listens on (the real port when 0 was asked). */
  public InetSocketAddress address() {
    return new InetSocketAddress(config.listen().getHostString(), connector.getLocalPort());
  }

  /** Blocks until the proxy has stopped. */
  public void awaitStop() throws InterruptedException {
    server.join();
  }

  /**
   * Stops accepting, lets running requests and streams finish for up to the configured grace, then
   * closes what is left.
   */
  @Override
  public void close() {
    connector.shutdown(); // accept no new connections
    try {
      graceful.shutdown().get(config.shutdownGrace().toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      // Streams still running after the grace period are cut by the stop below.
    } catch (ExecutionException e) {
      // The handler could not wait; stop anyway.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      server.stop();
    } catch (Exception e) {
      throw new IllegalStateException("the proxy did not stop cleanly: " + e.getMessage(), e);
    } finally {
      readers.shutdownNow();
      health.shutdownNow();
    }
  }

  private static String describe(InetSocketAddress address) {
    return address.getHostString() + ":" + address.getPort();
  }
}
