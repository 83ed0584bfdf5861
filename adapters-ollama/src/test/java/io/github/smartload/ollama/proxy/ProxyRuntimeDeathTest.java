package io.github.smartload.ollama.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import com.squareup.moshi.Moshi;
import io.github.smartload.core.ByteSize;
import io.github.smartload.core.admission.Admission;
import io.github.smartload.core.load.Sleeper;
import io.github.smartload.core.load.SmartLoader;
import io.github.smartload.core.port.LoadListener;
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
import java.util.concurrent.CopyOnWriteArrayList;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The proxy in front of the fake Ollama when Ollama dies under a load and comes back. */
class ProxyRuntimeDeathTest {

  @TempDir Path procfs;

  private final OkHttpClient client =
      new OkHttpClient.Builder().readTimeout(Duration.ofSeconds(30)).build();
  private final List<String> lines = new CopyOnWriteArrayList<>();
  private final List<String> warnings = new CopyOnWriteArrayList<>();
  private FakeOllama fake;
  private OllamaProxy proxy;

  @AfterEach
  void stop() {
    if (proxy != null) {
      proxy.close();
    }
    if (fake != null) {
      fake.close();
    }
  }

  private FakeOllama.Builder machine() {
    return FakeOllama.builder()
        .totalMemory(ByteSize.ofGigabytes("32"))
        .baseUsage(ByteSize.ofGigabytes("6.5"))
        .procfsRoot(procfs)
        .unloadDelay(Duration.ofMillis(30))
        .install("qwen2.5:14b", ByteSize.ofGigabytes("9"))
        .install("qwen3:8b", ByteSize.ofGigabytes("5.2"));
  }

  private void serve(FakeOllama.Builder builder, Clock clock) {
    fake = builder.start();
    OllamaRuntime runtime =
        new OllamaRuntime(
            new OkHttpClient(), new Moshi.Builder().build(), fake.url(), OllamaTimeouts.defaults());
    ProcMemoryProbe probe =
        new ProcMemoryProbe(procfs, procfs.resolve("no-sysfs"), Optional.empty());
    ProxyConfig settings =
        ProxyConfig.defaults(fake.url())
            .withListen(new InetSocketAddress("127.0.0.1", 0))
            .withShutdownGrace(Duration.ofSeconds(2));
    SmartLoader loader =
        SmartLoader.builder(probe, runtime)
            .pollInterval(Duration.ofMillis(10))
            .unloadDeadline(Duration.ofSeconds(5))
            .build();
    Admission admission =
        new Admission(
            loader, runtime, settings.admission(), clock, Sleeper.THREAD, LoadListener.NONE);
    proxy =
        new OllamaProxy(
            settings,
            probe,
            runtime,
            admission,
            new OkHttpClient(),
            new ProxyLog() {
              @Override
              public void info(String line) {
                lines.add(line);
              }

              @Override
              public void warn(String line) {
                warnings.add(line);
              }
            });
    proxy.start();
  }

  private HttpUrl url(String path) {
    return HttpUrl.get("http://127.0.0.1:" + proxy.address().getPort() + path);
  }

  private String call(Request request) throws IOException {
    try (Response response = client.newCall(request).execute()) {
      return response.code() + " " + response.body().string();
    }
  }

  private String chat(String model) throws IOException {
    return call(
        new Request.Builder()
            .url(url("/api/chat"))
            .post(
                RequestBody.create(
                    "{\"model\":\"" + model + "\",\"messages\":[],\"stream\":false}",
                    ProxyHarness.JSON))
            .build());
  }

  private String get(String path) throws IOException {
    return call(new Request.Builder().url(url(path)).build());
  }

  @Test
  void aDeathDuringTheSmartLoadIsRecordedAsUpstreamDiedInTheLogStatusAndMetrics() throws Exception {
    serve(machine().loadDelay(Duration.ofMillis(300)), Clock.systemUTC());
    fake.dieDuringNextLoad();

    String answer = chat("qwen2.5:14b");

    assertThat(answer)
        .startsWith("502 {\"error\":")
        .contains("stopped answering during the load of qwen2.5:14b", "outcome is unknown");
    assertThat(lines)
        .anyMatch(
            line -> line.matches("POST /api/chat qwen2\\.5:14b 502 \\d+ms \\(upstream died\\)"));
    assertThat(get("/smartload/status"))
        .contains("\"model\":\"qwen2.5:14b\",\"kind\":\"fits\"", "\"outcome\":\"upstream_died\"");
    // Ollama is gone, so its list of installed models cannot name the series: "other".
    assertThat(get("/metrics"))
        .containsPattern(
            "smartload_decisions_total\\{kind=\"fits\",model=\"[^\"]+\",outcome=\"upstream_died\"\\} 1.0");
  }

  @Test
  void theLoggedDurationOfALoadedRequestIncludesTheSmartLoad() throws Exception {
    serve(machine().loadDelay(Duration.ofMillis(400)), Clock.systemUTC());

    assertThat(chat("qwen2.5:14b")).startsWith("200 ");

    String line =
        lines.stream().filter(l -> l.startsWith("POST /api/chat")).findFirst().orElseThrow();
    long millis = Long.parseLong(line.replaceAll(".* (\\d+)ms.*", "$1"));
    assertThat(millis).as(line).isGreaterThanOrEqualTo(400);
  }
}
