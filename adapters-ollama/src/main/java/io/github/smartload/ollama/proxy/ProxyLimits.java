package io.github.smartload.ollama.proxy;

import io.github.smartload.core.ByteSize;
import java.time.Duration;
import java.util.Objects;

/**
 * How long the proxy waits on each side, and how much memory and how many threads its clients may
 * hold. The defaults let a ten-minute answer through and keep the proxy's heap bounded.
 *
 * @param clientIdleTimeout how long a client may send or take nothing while the proxy reads its
 *     body or writes its answer (waiting for Ollama does not count)
 * @param upstreamTimeout how long Ollama may send nothing before the proxy gives up on it; zero
 *     waits for ever
 * @param bodyBudget the total size of the request bodies all requests in flight may hold in memory
 *     at once; a body over 1 MiB goes to a temporary file instead
 * @param spoolBudget the total size of the temporary files those bodies may fill at once
 * @param minBodyRate the slowest a client may send a body, in bytes a second, measured over the
 *     whole body; a slower one is dropped
 * @param maxThreads the threads that serve requests
 */
public record ProxyLimits(
    Duration clientIdleTimeout,
    Duration upstreamTimeout,
    ByteSize bodyBudget,
    ByteSize spoolBudget,
    long minBodyRate,
    int maxThreads) {

  public static final Duration DEFAULT_CLIENT_IDLE_TIMEOUT = Duration.ofMinutes(5);
  public static final Duration DEFAULT_UPSTREAM_TIMEOUT = Duration.ofMinutes(15);
  public static final ByteSize DEFAULT_BODY_BUDGET = ByteSize.ofBytes(256L * 1024 * 1024);
  public static final ByteSize DEFAULT_SPOOL_BUDGET = ByteSize.ofBytes(4L * 1024 * 1024 * 1024);
  public static final long DEFAULT_MIN_BODY_RATE = 1024;
  public static final int DEFAULT_MAX_THREADS = 256;

  public ProxyLimits {
    Objects.requireNonNull(clientIdleTimeout, "clientIdleTimeout");
    Objects.requireNonNull(upstreamTimeout, "upstreamTimeout");
    Objects.requireNonNull(bodyBudget, "bodyBudget");
    Objects.requireNonNull(spoolBudget, "spoolBudget");
    if (clientIdleTimeout.isNegative() || clientIdleTimeout.isZero()) {
      throw new IllegalArgumentException(
          "the client idle timeout must be positive: " + clientIdleTimeout);
    }
    if (upstreamTimeout.isNegative()) {
      throw new IllegalArgumentException(
          "the upstream timeout must not be negative: " + upstreamTimeout);
    }
    if (bodyBudget.bytes() <= 0) {
      throw new IllegalArgumentException("the body budget must be positive: " + bodyBudget);
    }
    if (spoolBudget.bytes() < 0) {
      throw new IllegalArgumentException("the spool budget must not be negative: " + spoolBudget);
    }
    if (minBodyRate < 0) {
      throw new IllegalArgumentException(
          "the minimum body rate must not be negative: " + minBodyRate);
    }
    if (maxThreads < 16) {
      throw new IllegalArgumentException("the proxy needs at least 16 threads: " + maxThreads);
    }
  }

  /**
   * Five minutes for a silent client, 15 for a silent Ollama, 256 MiB of bodies in memory and 4 GiB
   * in files, 1 KiB/s, 256 threads.
   */
  public static ProxyLimits defaults() {
    return new ProxyLimits(
        DEFAULT_CLIENT_IDLE_TIMEOUT,
        DEFAULT_UPSTREAM_TIMEOUT,
        DEFAULT_BODY_BUDGET,
        DEFAULT_SPOOL_BUDGET,
        DEFAULT_MIN_BODY_RATE,
        DEFAULT_MAX_THREADS);
  }

  public ProxyLimits withClientIdleTimeout(Duration value) {
    return new ProxyLimits(
        value, upstreamTimeout, bodyBudget, spoolBudget, minBodyRate, maxThreads);
  }

  public ProxyLimits withUpstreamTimeout(Duration value) {
    return new ProxyLimits(
        clientIdleTimeout, value, bodyBudget, spoolBudget, minBodyRate, maxThreads);
  }

  public ProxyLimits withBodyBudget(ByteSize value) {
    return new ProxyLimits(
        clientIdleTimeout, upstreamTimeout, value, spoolBudget, minBodyRate, maxThreads);
  }

  public ProxyLimits withSpoolBudget(ByteSize value) {
    return new ProxyLimits(
        clientIdleTimeout, upstreamTimeout, bodyBudget, value, minBodyRate, maxThreads);
  }

  public ProxyLimits withMinBodyRate(long value) {
    return new ProxyLimits(
        clientIdleTimeout, upstreamTimeout, bodyBudget, spoolBudget, value, maxThreads);
  }

  public ProxyLimits withMaxThreads(int value) {
    return new ProxyLimits(
        clientIdleTimeout, upstreamTimeout, bodyBudget, spoolBudget, minBodyRate, value);
  }
}
