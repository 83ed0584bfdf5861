package io.github.smartload.ollama.proxy;

import com.squareup.moshi.Moshi;
import io.github.smartload.core.ByteSize;
import io.github.smartload.core.KeepAlive;
import io.github.smartload.core.load.SmartLoader;
import io.github.smartload.ollama.OllamaRuntime;
import io.github.smartload.ollama.OllamaTimeouts;
import io.github.smartload.ollama.fake.FakeOllama;
import io.github.smartload.proc.ProcMemoryProbe;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import okhttp3.ConnectionPool;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * The benchmark behind {@code bench/proxy.sh}; not a test. {@code serve} starts the fake Ollama and
 * the proxy in front of it and prints their ports; {@code measure NAME=URL...} measures, for each
 * base URL, the latency of a small non-streaming request and the throughput of a long NDJSON
 * stream, and prints a Markdown table.
 */
public final class ProxyBench {

  private static final String SMALL = "{\"model\":\"qwen3:8b\",\"prompt\":\"hi\",\"stream\":false}";
  private static final String LONG =
      "{\"model\":\"qwen3:8b\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

  private ProxyBench() {}

  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals("fake")) {
      fake(Integer.parseInt(args[1]));
    } else if (args.length > 0 && args[0].equals("proxy")) {
      proxy(Integer.parseInt(args[1]), Path.of(args[2]));
    } else if (args.length > 0 && args[0].equals("measure")) {
      measure(
          Integer.parseInt(args[1]),
          Integer.parseInt(args[2]),
          Arrays.asList(args).subList(3, args.length));
    } else {
      System.err.println(
          "usage: ProxyBench fake STREAM_LINES | proxy FAKE_PORT PROCFS"
              + " | measure REQUESTS STREAMS NAME=URL...");
      System.exit(64);
    }
  }

  /** The fake Ollama alone, in its own JVM as Ollama would be; prints its port and procfs. */
  private static void fake(int streamLines) throws Exception {
    Path procfs = Files.createTempDirectory("smartload-bench");
    FakeOllama fake =
        FakeOllama.builder()
            .totalMemory(ByteSize.ofGigabytes("32"))
            .baseUsage(ByteSize.ofGigabytes("4"))
            .procfsRoot(procfs)
            .install("qwen3:8b", ByteSize.ofGigabytes("5.2"))
            .streaming(streamLines, Duration.ZERO)
            .start();
    fake.preload("qwen3:8b", KeepAlive.FOREVER);
    System.out.println("fake=" + fake.url().port() + " procfs=" + procfs);
    System.out.flush();
    Thread.currentThread().join();
  }

  /** The proxy in front of the fake, as {@code smartload serve} runs it; prints its port. */
  private static void proxy(int fakePort, Path procfs) throws Exception {
    HttpUrl upstream = HttpUrl.get("http://127.0.0.1:" + fakePort + "/");
    OkHttpClient client = new OkHttpClient();
    OllamaRuntime runtime =
        new OllamaRuntime(client, new Moshi.Builder().build(), upstream, OllamaTimeouts.defaults());
    ProcMemoryProbe probe =
        new ProcMemoryProbe(procfs, procfs.resolve("no-sysfs"), Optional.empty());
    OllamaProxy proxy =
        new OllamaProxy(
            ProxyConfig.defaults(upstream).withListen(new InetSocketAddress("127.0.0.1", 0)),
            probe,
            runtime,
            ProxyHarness.admission(
                SmartLoader.builder(probe, runtime).build(),
                runtime,
                ProxyConfig.defaults(upstream).withListen(new InetSocketAddress("127.0.0.1", 0))),
            client,
            ProxyLog.NONE);
    proxy.start();
    System.out.println("proxy=" + proxy.address().getPort());
    System.out.flush();
    proxy.awaitStop();
  }

  private static void measure(int requests, int streams, List<String> targets) throws IOException {
    OkHttpClient client =
        new OkHttpClient.Builder()
            .connectionPool(new ConnectionPool(4, 1, java.util.concurrent.TimeUnit.MINUTES))
            .readTimeout(Duration.ofMinutes(2))
            .build();
    System.out.println(
        "| path | small request p50 | p99 | long NDJSON stream | stream vs direct |");
    System.out.println("|---|---|---|---|---|");
    double direct = 0;
    for (String target : targets) {
      String name = target.substring(0, target.indexOf('='));
      HttpUrl base = HttpUrl.get(target.substring(target.indexOf('=') + 1));
      for (int i = 0; i < requests; i++) {
        small(client, base); // warm up the JIT and the connection pool
      }
      long[] nanos = new long[requests];
      for (int i = 0; i < requests; i++) {
        nanos[i] = small(client, base);
      }
      Arrays.sort(nanos);
      stream(client, base); // warm-up
      List<Double> rates = new ArrayList<>();
      for (int i = 0; i < streams; i++) {
        rates.add(stream(client, base));
      }
      rates.sort(Double::compare);
      double rate = rates.get(rates.size() / 2);
      if (direct == 0) {
        direct = rate;
      }
      System.out.printf(
          Locale.ROOT,
          "| %s | %.3f ms | %.3f ms | %.0f MB/s | %.0f%% |%n",
          name,
          nanos[requests / 2] / 1e6,
          nanos[(int) Math.ceil(requests * 0.99) - 1] / 1e6,
          rate / 1e6,
          100 * rate / direct);
    }
  }

  private static long small(OkHttpClient client, HttpUrl base) throws IOException {
    Request request =
        new Request.Builder()
            .url(base.resolve("/api/generate"))
            .post(RequestBody.create(SMALL, ProxyHarness.JSON))
            .build();
    long start = System.nanoTime();
    try (Response response = client.newCall(request).execute()) {
      response.body().bytes();
      if (response.code() != 200) {
        throw new IOException(base + " answered " + response.code());
      }
    }
    return System.nanoTime() - start;
  }

  /** Bytes per second of one long streamed chat. */
  private static double stream(OkHttpClient client, HttpUrl base) throws IOException {
    Request request =
        new Request.Builder()
            .url(base.resolve("/api/chat"))
            .post(RequestBody.create(LONG, ProxyHarness.JSON))
            .build();
    long start = System.nanoTime();
    long bytes = 0;
    try (Response response = client.newCall(request).execute();
        InputStream in = response.body().byteStream()) {
      byte[] buffer = new byte[64 * 1024];
      int n;
      while ((n = in.read(buffer)) != -1) {
        bytes += n;
      }
    }
    return bytes / ((System.nanoTime() - start) / 1e9);
  }
}
