package io.github.smartload.ollama.proxy;

import com.squareup.moshi.Moshi;
import io.github.smartload.core.ByteSize;
import io.github.smartload.core.KeepAlive;
import io.github.smartload.core.load.SmartLoader;
import io.github.smartload.ollama.OllamaRuntime;
import io.github.smartload.ollama.OllamaTimeouts;
import io.github.smartload.ollama.fake.FakeOllama;
import io.github.smartload.proc.ProcMemoryProbe;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * The benchmark behind {@code bench/cycle.sh}; not a test. Three clients cycle three 9 GB models on
 * a machine with room for two (24 GB available, 10.8 GB each with the margin), ten streamed chats
 * each, through the proxy in front of the fake Ollama, once per minimum residency given; prints
 * loads, unloads, wall time and request latencies as a Markdown table.
 */
public final class CycleBench {

  private static final List<String> MODELS = List.of("alpha:7b", "beta:7b", "gamma:7b");
  private static final int CLIENTS = 3;
  private static final int REQUESTS_EACH = 10;

  private CycleBench() {}

  public static void main(String[] args) throws Exception {
    System.out.println(
        "| --min-residency | loads | unloads | wall time | request p50 | request max | not 200 |");
    System.out.println("|---|---|---|---|---|---|---|");
    for (String arg : args) {
      run(KeepAlive.parse(arg).duration()); // a Go duration, as the CLI takes it
    }
  }

  private static void run(Duration minResidency) throws Exception {
    Path procfs = Files.createTempDirectory("smartload-cycle");
    FakeOllama.Builder machine =
        FakeOllama.builder()
            .totalMemory(ByteSize.ofGigabytes("32"))
            .baseUsage(ByteSize.ofGigabytes("8"))
            .procfsRoot(procfs)
            .loadDelay(Duration.ofMillis(300))
            .unloadDelay(Duration.ofMillis(50))
            .streaming(10, Duration.ofMillis(20));
    MODELS.forEach(model -> machine.install(model, ByteSize.ofGigabytes("9")));
    OkHttpClient http = new OkHttpClient.Builder().readTimeout(Duration.ofMinutes(5)).build();
    try (FakeOllama fake = machine.start()) {
      OllamaRuntime runtime =
          new OllamaRuntime(
              http, new Moshi.Builder().build(), fake.url(), OllamaTimeouts.defaults());
      ProcMemoryProbe probe =
          new ProcMemoryProbe(procfs, procfs.resolve("no-sysfs"), Optional.empty());
      ProxyConfig config =
          ProxyConfig.defaults(fake.url())
              .withListen(new InetSocketAddress("127.0.0.1", 0))
              .withMinResidency(minResidency);
      SmartLoader loader =
          SmartLoader.builder(probe, runtime).pollInterval(Duration.ofMillis(20)).build();
      try (OllamaProxy proxy =
          new OllamaProxy(
              config,
              probe,
              runtime,
              ProxyHarness.admission(loader, runtime, config),
              http,
              ProxyLog.NONE)) {
        proxy.start();
        String base = "http://127.0.0.1:" + proxy.address().getPort();
        List<Long> millis = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger failed = new AtomicInteger();
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        long start = System.nanoTime();
        List<Future<?>> done = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
          int client = c;
          done.add(
              clients.submit(
                  () -> {
                    for (int j = 0; j < REQUESTS_EACH; j++) {
                      String model = MODELS.get((client + j) % MODELS.size());
                      long asked = System.nanoTime();
                      if (chat(http, base, model) != 200) {
                        failed.incrementAndGet();
                      }
                      millis.add((System.nanoTime() - asked) / 1_000_000);
                    }
                    return null;
                  }));
        }
        for (Future<?> future : done) {
          future.get();
        }
        long wall = (System.nanoTime() - start) / 1_000_000;
        clients.shutdown();
        List<Long> sorted = new ArrayList<>(millis);
        Collections.sort(sorted);
        int loads = MODELS.stream().mapToInt(fake::loadCount).sum();
        int unloads = MODELS.stream().mapToInt(fake::unloadCount).sum();
        System.out.printf(
            Locale.ROOT,
            "| %s | %d | %d | %.1f s | %d ms | %d ms | %d |%n",
            minResidency.isZero() ? "0 (off)" : new KeepAlive(minResidency).toGoDuration(),
            loads,
            unloads,
            wall / 1000.0,
            sorted.get(sorted.size() / 2),
            sorted.get(sorted.size() - 1),
            failed.get());
      }
    }
  }

  private static int chat(OkHttpClient http, String base, String model) throws Exception {
    String body =
        "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    Request request =
        new Request.Builder()
            .url(base + "/api/chat")
            .post(RequestBody.create(body, ProxyHarness.JSON))
            .build();
    try (Response response = http.newCall(request).execute()) {
      response.body().string();
      return response.code();
    }
  }
}
