package io.github.smartload.ollama.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import com.squareup.moshi.Moshi;
import io.github.smartload.core.ByteSize;
import io.github.smartload.core.load.SmartLoader;
import io.github.smartload.core.port.GpuProbe;
import io.github.smartload.core.port.ModelRuntime;
import io.github.smartload.ollama.OllamaRuntime;
import io.github.smartload.ollama.OllamaTimeouts;
import io.github.smartload.ollama.fake.FakeOllama;
import io.github.smartload.proc.NvidiaSmiProbe;
import io.github.smartload.proc.ProcMemoryProbe;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The proxy shows the GPUs: gauges per device in {@code /metrics} and a list in {@code
 * /smartload/status}, read through the real nvidia-smi probe over the fake Ollama's stand-in.
 */
class ProxyGpuTest {

  private static final long GPU_TOTAL = 24L << 30;

  @TempDir Path procfs;
  @TempDir Path tools;

  private final OkHttpClient client = new OkHttpClient();
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

  private void start(boolean withGpuProbe) {
    fake =
        FakeOllama.builder()
            .totalMemory(ByteSize.ofGigabytes("16"))
            .install("qwen2.5:32b", ByteSize.ofGigabytes("19"))
            .gpu("NVIDIA GeForce RTX 4090", ByteSize.ofBytes(GPU_TOTAL))
            .procfsRoot(procfs)
            .nvidiaSmi(tools)
            .start();
    ModelRuntime runtime =
        new OllamaRuntime(
            client, new Moshi.Builder().build(), fake.url(), OllamaTimeouts.defaults());
    ProcMemoryProbe probe =
        new ProcMemoryProbe(procfs, procfs.resolve("no-sysfs"), Optional.empty());
    GpuProbe gpus =
        withGpuProbe
            ? new NvidiaSmiProbe(fake.nvidiaSmi().toString(), Duration.ofSeconds(30))
            : GpuProbe.NONE;
    ProxyConfig settings =
        ProxyConfig.defaults(fake.url()).withListen(new InetSocketAddress("127.0.0.1", 0));
    SmartLoader loader =
        SmartLoader.builder(probe, runtime)
            .gpus(gpus)
            .pollInterval(Duration.ofMillis(10))
            .unloadDeadline(Duration.ofSeconds(30))
            .build();
    proxy =
        new OllamaProxy(
            settings,
            probe,
            gpus,
            runtime,
            ProxyHarness.admission(loader, runtime, settings),
            client,
            ProxyLog.NONE);
    proxy.start();
  }

  private String get(String path) throws IOException {
    try (Response response =
        client.newCall(new Request.Builder().url(url(path)).build()).execute()) {
      assertThat(response.code()).isEqualTo(200);
      return response.body().string();
    }
  }

  private String url(String path) {
    return "http://127.0.0.1:" + proxy.address().getPort() + path;
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> status() throws IOException {
    return (Map<String, Object>)
        new Moshi.Builder().build().adapter(Object.class).fromJson(get("/smartload/status"));
  }

  @Test
  void metricsHaveAFreeAndATotalGaugePerGpuThatFollowALoad() throws IOException {
    start(true);
    assertThat(get("/metrics"))
        .contains("smartload_gpu_free_bytes{gpu=\"0\"} 2.5769803776E10")
        .contains("smartload_gpu_total_bytes{gpu=\"0\"} 2.5769803776E10");

    try (Response response =
        client
            .newCall(
                new Request.Builder()
                    .url(url("/api/generate"))
                    .post(
                        RequestBody.create(
                            "{\"model\":\"qwen2.5:32b\",\"prompt\":\"hi\",\"stream\":false}",
                            ProxyHarness.JSON))
                    .build())
            .execute()) {
      assertThat(response.code()).isEqualTo(200);
    }

    // 19 GB on the GPU, as nvidia-smi counts it: whole MiB.
    long freeMib = (GPU_TOTAL >> 20) - ((19_000_000_000L + (1 << 20) - 1) >> 20);
    assertThat(get("/metrics"))
        .contains("smartload_gpu_free_bytes{gpu=\"0\"} " + (double) (freeMib << 20));
  }

  @Test
  @SuppressWarnings("unchecked")
  void theStatusPageListsTheGpusAndEachResidentModelsVram() throws IOException {
    start(true);
    fake.preload("qwen2.5:32b");

    Map<String, Object> status = status();

    List<Map<String, Object>> gpus = (List<Map<String, Object>>) status.get("gpus");
    assertThat(gpus)
        .singleElement()
        .satisfies(
            gpu -> {
              assertThat(gpu).containsEntry("index", 0.0);
              assertThat(gpu).containsEntry("name", "NVIDIA GeForce RTX 4090");
              assertThat(gpu).containsEntry("total_bytes", (double) GPU_TOTAL);
              assertThat(gpu).containsEntry("kind", "discrete");
            });
    List<Map<String, Object>> resident = (List<Map<String, Object>>) status.get("resident");
    assertThat(resident)
        .singleElement()
        .satisfies(model -> assertThat(model).containsEntry("vram_bytes", 19e9));
  }

  @Test
  @SuppressWarnings("unchecked")
  void aProxyWithoutAGpuProbeShowsNoGpus() throws IOException {
    start(false);

    assertThat(get("/metrics")).doesNotContain("smartload_gpu_free_bytes{");
    assertThat((List<Object>) status().get("gpus")).isEmpty();
  }
}
