package io.github.smartload.ollama.fake;

import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * The fake's HTTP server on loopback: bound to an ephemeral port, stopped when the fake dies, bound
 * to the same port again when it restarts, and stopped for good on close.
 */
final class FakeServer {

  private final HttpHandler handler;
  private final ExecutorService workers;
  private final int port;

  /** The server of this life; a restart binds a new one to the same port. */
  private volatile HttpServer server;

  FakeServer(HttpHandler handler) throws IOException {
    this.handler = handler;
    this.workers = Executors.newCachedThreadPool(daemon("fake-ollama-http"));
    this.server = listen(0);
    this.port = server.getAddress().getPort();
  }

  int port() {
    return port;
  }

  /** Stops listening at once: nothing is answered after it. */
  void stop() {
    server.stop(0);
  }

  /** Listens again on the same port, after a {@link #stop()}. */
  void restart() {
    server = listenAgain();
  }

  /** Stops listening and interrupts the requests in progress; {@link #awaitIdle} waits for them. */
  void close() {
    server.stop(0);
    workers.shutdownNow();
  }

  void awaitIdle() throws InterruptedException {
    workers.awaitTermination(5, TimeUnit.SECONDS);
  }

  private HttpServer listen(int on) throws IOException {
    HttpServer created =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), on), 0);
    created.createContext("/", handler);
    created.setExecutor(workers);
    created.start();
    return created;
  }

  /**
   * Binds the old port again, retrying while it is still taken: HttpServer.stop closes its
   * listening socket on its dispatcher thread, which a loaded machine may not have run yet.
   */
  private HttpServer listenAgain() {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (true) {
      try {
        return listen(port);
      } catch (java.net.BindException e) {
        if (System.nanoTime() > deadline) {
          throw new UncheckedIOException("cannot listen on port " + port + " again", e);
        }
        try {
          Thread.sleep(20);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          throw new UncheckedIOException("interrupted while listening again", e);
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot listen on port " + port + " again", e);
      }
    }
  }

  static ThreadFactory daemon(String name) {
    return runnable -> {
      Thread thread = new Thread(runnable, name);
      thread.setDaemon(true);
      return thread;
    };
  }
}
