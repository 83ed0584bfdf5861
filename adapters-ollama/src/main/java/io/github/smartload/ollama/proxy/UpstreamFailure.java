package io.github.smartload.ollama.proxy;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.time.Duration;

/** Why a call to Ollama failed before its answer began, as the status and message to answer. */
record UpstreamFailure(int status, String message) {

  static UpstreamFailure of(IOException e, ProxyConfig config) {
    String detail = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    // OkHttp reports its read timeout as a SocketTimeoutException, a call timeout as an
    // InterruptedIOException "timeout": both mean Ollama is there but silent.
    if (e instanceof SocketTimeoutException
        || (e instanceof InterruptedIOException && "timeout".equals(e.getMessage()))) {
      return new UpstreamFailure(
          504,
          "smartload: Ollama at "
              + config.upstream()
              + " sent nothing for "
              + show(config.limits().upstreamTimeout())
              + "; raise --upstream-timeout if its answers take longer");
    }
    return new UpstreamFailure(
        502, "smartload: cannot reach Ollama at " + config.upstream() + ": " + detail);
  }

  private static String show(Duration duration) {
    return duration.toMillis() < 1000 || duration.toMillis() % 1000 != 0
        ? duration.toMillis() + "ms"
        : duration.toSeconds() + "s";
  }
}
