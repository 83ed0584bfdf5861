package io.github.smartload.ollama.proxy;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.http.MetaData;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpStream;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Holds the first write of each answer inside Jetty for {@code stall}: after the write has begun
 * (Jetty counts it as pending) and before a byte moves, as a thread descheduled on a loaded machine
 * would. It makes a window of microseconds as wide as a test needs.
 */
final class StalledFirstWrite extends Handler.Wrapper {

  private final Duration stall;

  StalledFirstWrite(Duration stall) {
    this.stall = stall;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    AtomicBoolean first = new AtomicBoolean(true);
    request.addHttpStreamWrapper(
        stream ->
            new HttpStream.Wrapper(stream) {
              @Override
              public void send(
                  MetaData.Request request,
                  MetaData.Response response,
                  boolean last,
                  ByteBuffer content,
                  Callback written) {
                if (first.getAndSet(false)) {
                  hold();
                }
                super.send(request, response, last, content, written);
              }
            });
    return super.handle(request, response, callback);
  }

  private void hold() {
    try {
      Thread.sleep(stall.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
