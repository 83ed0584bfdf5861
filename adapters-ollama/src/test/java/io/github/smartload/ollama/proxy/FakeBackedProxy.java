package io.github.smartload.ollama.proxy;

import com.squareup.moshi.Moshi;
import io.github.smartload.core.ByteSize;
import io.github.smartload.core.admission.Admission;
import io.github.smartload.core.admission.AdmissionSettings;
import io.github.smartload.core.load.Sleeper;
import io.github.smartload.core.load.SmartLoader;
import io.github.smartload.core.port.LoadListener;
import io.github.smartload.core.port.ModelRuntime;
import io.github.smartload.ollama.OllamaRuntime;
import io.github.smartload.ollama.OllamaTimeouts;
import io.github.smartload.ollama.fake.FakeOllama;
import io.github.smartload.proc.ProcMemoryProbe;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * The proxy as {@code smartload serve} builds it (the real Ollama runtime, the real memory probe on
 * the fake's procfs) in front of the fake Ollama, on ephemeral loopback ports.
 */
final class FakeBackedProxy implements AutoCloseable {

  final FakeOllama fake;
  final OllamaProxy proxy;
  private final RecordingLog log = new RecordingLog();
  final List<String> lines = log.info;
  final List<String> warnings = log.warnings;
  private final OkHttpClient client =
      new OkHttpClient.Builder().readTimeout(Duration.ofSeconds(30)).build();

  /** A 32 GB machine using 6.5 GB, with qwen2.5:14b (9 GB) and qwen3:8b (5.2 GB) installed. */
  static FakeOllama.Builder machine(Path procfs) {
    return FakeOllama.builder()
        .totalMemory(ByteSize.ofGigabytes("32"))
        .baseUsage(ByteSize.ofGigabytes("6.5"))
        .procfsRoot(procfs)
        .unloadDelay(Duration.ofMillis(30))
        .install("qwen2.5:14b", ByteSize.ofGigabytes("9"))
        .install("qwen3:8b", ByteSize.ofGigabytes("5.2"));
  }

  FakeBackedProxy(FakeOllama.Builder builder, Path procfs) {
    this(builder, procfs, UnaryOperator.identity(), r -> r);
  }

  /**
   * @param config adjusts the proxy's settings (e.g. strict, context pinning off)
   * @param decorate wraps the runtime the proxy and its admission use
   */
  FakeBackedProxy(
      FakeOllama.Builder builder,
      Path procfs,
      UnaryOperator<ProxyConfig> config,
      UnaryOperator<ModelRuntime> decorate) {
    this(builder, procfs, Clock.systemUTC(), UnaryOperator.identity(), config, decorate);
  }

  FakeBackedProxy(
      FakeOllama.Builder builder,
      Path procfs,
      Clock clock,
      UnaryOperator<AdmissionSettings> admission,
      UnaryOperator<ModelRuntime> decorate) {
    this(builder, procfs, clock, admission, UnaryOperator.identity(), decorate);
  }

  /**
   * @param clock the admission's clock: a fixed one never lets its list of resident models age
   * @param admission adjusts the admission's settings (e.g. fail open)
   * @param config adjusts the proxy's settings
   * @param decorate wraps the runtime the proxy and its admission use
   */
  FakeBackedProxy(
      FakeOllama.Builder builder,
      Path procfs,
      Clock clock,
      UnaryOperator<AdmissionSettings> admission,
      UnaryOperator<ProxyConfig> config,
      UnaryOperator<ModelRuntime> decorate) {
    fake = builder.start();
    ModelRuntime runtime =
        decorate.apply(
            new OllamaRuntime(
                new OkHttpClient(),
                new Moshi.Builder().build(),
                fake.url(),
                OllamaTimeouts.defaults()));
    ProcMemoryProbe probe =
        new ProcMemoryProbe(procfs, procfs.resolve("no-sysfs"), Optional.empty());
    ProxyConfig settings =
        config.apply(
            ProxyConfig.defaults(fake.url())
                .withListen(new InetSocketAddress("127.0.0.1", 0))
                .withShutdownGrace(Duration.ofSeconds(2)));
    SmartLoader loader =
        SmartLoader.builder(probe, runtime)
            .pollInterval(Duration.ofMillis(10))
            .unloadDeadline(Duration.ofSeconds(5))
            .build();
    proxy =
        new OllamaProxy(
            settings,
            probe,
            runtime,
            new Admission(
                loader,
                runtime,
                admission.apply(settings.admission()),
                clock,
                Sleeper.THREAD,
                LoadListener.NONE),
            new OkHttpClient(),
            log);
    proxy.start();
  }

  HttpUrl url(String path) {
    return HttpUrl.get("http://127.0.0.1:" + proxy.address().getPort() + path);
  }

  String call(Request request) throws IOException {
    try (Response response = client.newCall(request).execute()) {
      return response.code() + " " + response.body().string();
    }
  }

  String chat(String model) throws IOException {
    return call(
        new Request.Builder()
            .url(url("/api/chat"))
            .post(
                RequestBody.create(
                    "{\"model\":\"" + model + "\",\"messages\":[],\"stream\":false}",
                    ProxyHarness.JSON))
            .build());
  }

  String get(String path) throws IOException {
    return call(new Request.Builder().url(url(path)).build());
  }

  /**
   * The first log line that matches, waited for: a sized answer may reach the client a moment
   * before its line is written.
   */
  String awaitLine(java.util.function.Predicate<String> matching) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (System.nanoTime() < deadline) {
      Optional<String> line = lines.stream().filter(matching).findFirst();
      if (line.isPresent()) {
        return line.get();
      }
      Thread.sleep(10);
    }
    throw new AssertionError("no such line in " + lines + ", warnings " + warnings);
  }

  @Override
  public void close() {
    proxy.close();
    fake.close();
  }
}
