package io.github.smartload.ollama.proxy;

import io.github.smartload.core.ByteSize;
import io.github.smartload.core.KeepAlive;
import io.github.smartload.core.admission.AdmissionSettings;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import okhttp3.HttpUrl;

/**
 * How the proxy runs: where it listens, where Ollama is, and its limits.
 *
 * @param listen the address to bind; loopback unless the operator asks otherwise
 * @param upstream Ollama's base URL (a path prefix is kept)
 * @param strict answer 507 instead of forwarding when a model cannot fit even after unloading
 * @param busyTimeout how long a load waits for busy models to finish before answering 503
 * @param maxBody the largest body of a model-bearing request; larger ones get 413
 * @param keepAlive how long a model the proxy loads stays resident
 * @param shutdownGrace how long a graceful stop lets running streams finish
 * @param minResidency a model loaded more recently than this is not unloaded for another (0: off)
 * @param limits the timeouts on each side and the bounds on memory and threads
 * @param origins Ollama's rule for the Origin header, applied before anything is done
 */
public record ProxyConfig(
    InetSocketAddress listen,
    HttpUrl upstream,
    boolean strict,
    Duration busyTimeout,
    ByteSize maxBody,
    KeepAlive keepAlive,
    Duration shutdownGrace,
    Duration minResidency,
    ProxyLimits limits,
    OriginRule origins) {

  public static final int DEFAULT_PORT = 11435;
  public static final Duration DEFAULT_BUSY_TIMEOUT = Duration.ofSeconds(120);
  public static final ByteSize DEFAULT_MAX_BODY = ByteSize.ofBytes(64L * 1024 * 1024);
  public static final Duration DEFAULT_SHUTDOWN_GRACE = Duration.ofSeconds(30);
  public static final Duration DEFAULT_MIN_RESIDENCY = AdmissionSettings.DEFAULT_MIN_RESIDENCY;

  public ProxyConfig {
    Objects.requireNonNull(listen, "listen");
    Objects.requireNonNull(upstream, "upstream");
    Objects.requireNonNull(busyTimeout, "busyTimeout");
    Objects.requireNonNull(maxBody, "maxBody");
    Objects.requireNonNull(keepAlive, "keepAlive");
    Objects.requireNonNull(shutdownGrace, "shutdownGrace");
    Objects.requireNonNull(limits, "limits");
    Objects.requireNonNull(origins, "origins");
    if (maxBody.bytes() > limits.bodyBudget().bytes()) {
      // Reading a body's model may take its whole length in heap, within the budget.
      throw new IllegalArgumentException(
          "the body limit ("
              + maxBody
              + ") must not be larger than the body budget ("
              + limits.bodyBudget()
              + ")");
    }
    if (busyTimeout.isNegative()) {
      throw new IllegalArgumentException("the busy timeout must not be negative: " + busyTimeout);
    }
    if (maxBody.bytes() <= 0 || maxBody.bytes() > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException(
          "the body limit must be between 1 byte and 2 GiB: " + maxBody);
    }
    Objects.requireNonNull(minResidency, "minResidency");
    if (minResidency.isNegative()) {
      throw new IllegalArgumentException("the minimum residency must not be negative");
    }
    if (shutdownGrace.isNegative()) {
      throw new IllegalArgumentException("the shutdown grace must not be negative");
    }
  }

  /** The defaults of {@code smartload serve}: 127.0.0.1:11435, not strict, 120s, 64 MiB, 15m. */
  public static ProxyConfig defaults(HttpUrl upstream) {
    return new ProxyConfig(
        new InetSocketAddress("127.0.0.1", DEFAULT_PORT),
        upstream,
        false,
        DEFAULT_BUSY_TIMEOUT,
        DEFAULT_MAX_BODY,
        KeepAlive.DEFAULT,
        DEFAULT_SHUTDOWN_GRACE,
        DEFAULT_MIN_RESIDENCY,
        ProxyLimits.defaults(),
        OriginRule.ollama(Optional.empty()));
  }

  /** What core's admission needs of these settings. */
  public AdmissionSettings admission() {
    return new AdmissionSettings(keepAlive, strict, busyTimeout, minResidency);
  }

  public ProxyConfig withListen(InetSocketAddress value) {
    return new ProxyConfig(
        value,
        upstream,
        strict,
        busyTimeout,
        maxBody,
        keepAlive,
        shutdownGrace,
        minResidency,
        limits,
        origins);
  }

  public ProxyConfig withStrict(boolean value) {
    return new ProxyConfig(
        listen,
        upstream,
        value,
        busyTimeout,
        maxBody,
        keepAlive,
        shutdownGrace,
        minResidency,
        limits,
        origins);
  }

  public ProxyConfig withBusyTimeout(Duration value) {
    return new ProxyConfig(
        listen,
        upstream,
        strict,
        value,
        maxBody,
        keepAlive,
        shutdownGrace,
        minResidency,
        limits,
        origins);
  }

  public ProxyConfig withMaxBody(ByteSize value) {
    return new ProxyConfig(
        listen,
        upstream,
        strict,
        busyTimeout,
        value,
        keepAlive,
        shutdownGrace,
        minResidency,
        limits,
        origins);
  }

  public ProxyConfig withKeepAlive(KeepAlive value) {
    return new ProxyConfig(
        listen,
        upstream,
        strict,
        busyTimeout,
        maxBody,
        value,
        shutdownGrace,
        minResidency,
        limits,
        origins);
  }

  public ProxyConfig withShutdownGrace(Duration value) {
    return new ProxyConfig(
        listen,
        upstream,
        strict,
        busyTimeout,
        maxBody,
        keepAlive,
        value,
        minResidency,
        limits,
        origins);
  }

  public ProxyConfig withMinResidency(Duration value) {
    return new ProxyConfig(
        listen,
        upstream,
        strict,
        busyTimeout,
        maxBody,
        keepAlive,
        shutdownGrace,
        value,
        limits,
        origins);
  }

  public ProxyConfig withLimits(ProxyLimits value) {
    return new ProxyConfig(
        listen,
        upstream,
        strict,
        busyTimeout,
        maxBody,
        keepAlive,
        shutdownGrace,
        minResidency,
        value,
        origins);
  }

  public ProxyConfig withOrigins(OriginRule value) {
    return new ProxyConfig(
        listen,
        upstream,
        strict,
        busyTimeout,
        maxBody,
        keepAlive,
        shutdownGrace,
        minResidency,
        limits,
        value);
  }
}
