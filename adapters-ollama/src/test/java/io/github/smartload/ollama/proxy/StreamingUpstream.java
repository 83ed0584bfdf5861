package io.github.smartload.ollama.proxy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import okhttp3.HttpUrl;

/**
 * A stand-in for Ollama that streams NDJSON under the test's control: each chat request gets {@code
 * lines} lines, written and flushed one by one, with a hook before each line, and records whether a
 * write failed (the proxy dropped the connection).
 */
final class StreamingUpstream implements AutoCloseable {

  /** Called before each line is written: the model and the line's index. */
  interface BeforeLine {
    void run(String model, int index) throws InterruptedException;
  }

  private final HttpServer server;
  final List<String> models = new CopyOnWriteArrayList<>();
  final CountDownLatch writeFailed = new CountDownLatch(1);
  volatile int lines = 3;
  volatile BeforeLine beforeLine = (model, index) -> {};
  volatile Consumer<String> onRequest = model -> {};

  StreamingUpstream() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(Executors.newCachedThreadPool());
    server.createContext("/", this::handle);
    server.start();
  }

  HttpUrl url() {
    return HttpUrl.get("http://127.0.0.1:" + server.getAddress().getPort() + "/");
  }

  private void handle(HttpExchange exchange) throws IOException {
    String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    String model = body.replaceAll(".*\"model\"\\s*:\\s*\"([^\"]*)\".*", "$1");
    models.add(model);
    onRequest.accept(model);
    exchange.getResponseHeaders().add("Content-Type", "application/x-ndjson");
    exchange.sendResponseHeaders(200, 0);
    try (OutputStream out = exchange.getResponseBody()) {
      int count = lines;
      for (int i = 0; i < count; i++) {
        beforeLine.run(model, i);
        String line =
            "{\"model\":\""
                + model
                + "\",\"message\":{\"content\":\""
                + i
                + "\"},\"done\":"
                + (i == count - 1)
                + "}\n";
        out.write(line.getBytes(StandardCharsets.UTF_8));
        out.flush();
      }
    } catch (IOException e) {
      writeFailed.countDown();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  boolean awaitWriteFailure() throws InterruptedException {
    return writeFailed.await(10, TimeUnit.SECONDS);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
