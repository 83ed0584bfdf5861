package io.github.smartload.ollama.proxy;

import io.github.smartload.core.admission.Admission;
import io.github.smartload.core.fake.InMemoryRuntime;
import io.github.smartload.core.fake.SimulatedMemory;
import io.github.smartload.core.load.Sleeper;
import io.github.smartload.core.load.SmartLoader;
import io.github.smartload.core.port.LoadListener;
import io.github.smartload.core.port.ModelRuntime;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;

/** A proxy on an ephemeral loopback port in front of a test upstream, with core's fakes. */
final class ProxyHarness implements AutoCloseable {

  static final MediaType JSON = MediaType.get("application/json");

  final SimulatedMemory memory;
  final InMemoryRuntime inner;
  final SynchronizedRuntime runtime;
  private final RecordingLog log = new RecordingLog();
  final List<String> info = log.info;
  final List<String> warnings = log.warnings;
  final OllamaProxy proxy;
  final OkHttpClient client =
      new OkHttpClient.Builder().readTimeout(Duration.ofSeconds(20)).build();

  ProxyHarness(String totalGb, String availableGb, HttpUrl upstream) {
    this(totalGb, availableGb, upstream, UnaryOperator.identity());
  }

  ProxyHarness(
      String totalGb, String availableGb, HttpUrl upstream, UnaryOperator<ProxyConfig> config) {
    this(totalGb, availableGb, upstream, config, proxy -> {});
  }

  /** {@code beforeStart} may hook into the proxy (see {@link OllamaProxy#insertHandler}). */
  ProxyHarness(
      String totalGb,
      String availableGb,
      HttpUrl upstream,
      UnaryOperator<ProxyConfig> config,
      Consumer<OllamaProxy> beforeStart) {
    memory = new SimulatedMemory(totalGb, availableGb);
    inner = new InMemoryRuntime(Clock.systemUTC(), memory);
    runtime = new SynchronizedRuntime(inner, memory);
    ProxyConfig settings =
        config.apply(
            ProxyConfig.defaults(upstream)
                .withListen(new InetSocketAddress("127.0.0.1", 0))
                .withShutdownGrace(Duration.ofSeconds(2)));
    proxy =
        new OllamaProxy(
            settings,
            runtime,
            runtime,
            ProxyHarness.admission(
                SmartLoader.builder(runtime, runtime)
                    .pollInterval(Duration.ofMillis(5))
                    .unloadDeadline(Duration.ofSeconds(5))
                    .build(),
                runtime,
                settings),
            new OkHttpClient(),
            log);
    beforeStart.accept(proxy);
    proxy.start();
  }

  /** Core's admission as {@code smartload serve} builds it, with no decision log. */
  static Admission admission(SmartLoader loader, ModelRuntime runtime, ProxyConfig config) {
    return new Admission(
        loader, runtime, config.admission(), Clock.systemUTC(), Sleeper.THREAD, LoadListener.NONE);
  }

  HttpUrl url(String path) {
    return HttpUrl.get("http://127.0.0.1:" + proxy.address().getPort() + path);
  }

  Request post(String path, String json) {
    return new Request.Builder().url(url(path)).post(RequestBody.create(json, JSON)).build();
  }

  Request get(String path) {
    return new Request.Builder().url(url(path)).build();
  }

  @Override
  public void close() {
    proxy.close();
  }
}
