package io.github.smartload.ollama.proxy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.function.BooleanSupplier;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.io.SocketChannelEndPoint;
import org.eclipse.jetty.server.Request;

/**
 * Tells whether the client of a request still waiting in the queue has hung up. Jetty notices a
 * closed connection only when it reads or writes, and a queued request does neither: so this tries
 * a non-blocking read of the socket, which answers end-of-stream once the client has closed.
 *
 * <p>A byte read here would belong to a pipelined next request (no common client pipelines); it
 * cannot be given back, so the connection is then marked to close after this response.
 */
final class HangUpProbe implements BooleanSupplier {

  private final SocketChannel channel;
  private volatile boolean hungUp;
  private volatile boolean consumed;

  HangUpProbe(Request request) {
    EndPoint endPoint = request.getConnectionMetaData().getConnection().getEndPoint();
    this.channel = endPoint instanceof SocketChannelEndPoint socket ? socket.getChannel() : null;
  }

  @Override
  public boolean getAsBoolean() {
    if (hungUp || consumed || channel == null) {
      return hungUp;
    }
    try {
      int read = channel.read(ByteBuffer.allocate(1));
      if (read < 0) {
        hungUp = true;
      } else if (read > 0) {
        consumed = true;
      }
    } catch (IOException e) {
      hungUp = true; // reset by peer
    }
    return hungUp;
  }

  /** Whether a byte of a pipelined request was read, so that the connection must close. */
  boolean consumedInput() {
    return consumed;
  }
}
