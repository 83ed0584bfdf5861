package io.github.smartload.ollama.proxy;

import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.io.IdleTimeout;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.Callback;

/**
 * The client idle timeout of one request ({@code --client-idle-timeout}), running only while the
 * proxy reads from or writes to its client.
 *
 * <p>Jetty's idle timer counts from the connection's last byte, fires every timeout while nothing
 * moves, and fails whatever read or write is pending when it fires, whatever the request's
 * idle-timeout listeners say. Left running while the proxy waits on Ollama, it cut a write that
 * began just as it fired, though the client had not been idle for a moment of that write. So the
 * timer is stopped while the proxy waits, and started afresh only once a write is under way: a
 * write is cut only when its client took nothing for a whole timeout.
 */
final class ClientClock {

  private final EndPoint endPoint;
  private final long timeoutMillis;
  private final boolean stoppable;
  private boolean stopped; // guarded by this

  ClientClock(Request request) {
    this.endPoint = request.getConnectionMetaData().getConnection().getEndPoint();
    this.timeoutMillis = endPoint.getIdleTimeout();
    // Restarting needs notIdle(), or the timer would fire at once with the time spent waiting.
    this.stoppable = endPoint instanceof IdleTimeout && timeoutMillis > 0;
  }

  /** The proxy waits on something other than its client (the admission, Ollama). */
  synchronized void stop() {
    if (stoppable && !stopped) {
      stopped = true;
      endPoint.setIdleTimeout(0); // cancels the scheduled check: nothing can fire until start()
    }
  }

  /** The proxy deals with its client again: it has a whole timeout from now. */
  synchronized void start() {
    if (stopped) {
      stopped = false;
      ((IdleTimeout) endPoint).notIdle();
      endPoint.setIdleTimeout(timeoutMillis);
    }
  }

  /**
   * Writes through {@code sink} with this clock running only while a write is under way: started
   * once the write has begun (so no tick can meet its start), stopped when a write ends, as the
   * proxy then waits on Ollama for more; after the last write it runs on, for the connection's next
   * request.
   */
  Content.Sink around(Content.Sink sink) {
    return (last, content, callback) -> {
      Write write = new Write(last, callback);
      sink.write(last, content, write);
      write.underWay();
    };
  }

  private final class Write implements Callback {
    private final boolean last;
    private final Callback callback;
    private boolean ended; // guarded by ClientClock.this

    Write(boolean last, Callback callback) {
      this.last = last;
      this.callback = callback;
    }

    void underWay() {
      synchronized (ClientClock.this) {
        if (!ended) { // a write that ended at once needs no clock
          start();
        }
      }
    }

    @Override
    public void succeeded() {
      ended();
      callback.succeeded();
    }

    @Override
    public void failed(Throwable cause) {
      ended();
      callback.failed(cause);
    }

    private void ended() {
      synchronized (ClientClock.this) {
        ended = true;
        if (last) {
          start();
        } else {
          stop();
        }
      }
    }

    @Override
    public InvocationType getInvocationType() {
      return callback.getInvocationType();
    }
  }
}
