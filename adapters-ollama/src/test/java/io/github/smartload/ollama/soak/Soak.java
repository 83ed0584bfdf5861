package io.github.smartload.ollama.soak;

import io.github.smartload.core.ByteSize;
import io.github.smartload.ollama.fake.FakeOllama;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import okhttp3.ConnectionPool;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;

/**
 * The proxy soak behind {@code bench/soak.sh}; not a test. Runs the fake Ollama in this JVM and
 * {@code smartload serve} from the shaded jar as its own process, throws mixed load at the proxy
 * for a bounded time while Ollama stalls, is killed and dies during loads, and prints what was
 * served, how fast, what failed and why, the fake's record and the proxy process's RSS and threads.
 * Exits 1 on over-commit, a busy unload, growth beyond the tolerances, or a proxy that died; 2 on
 * bad arguments.
 *
 * <pre>java -cp TEST_CLASSPATH io.github.smartload.ollama.soak.Soak [--minutes N] [--jar PATH]
 * [--clients N]</pre>
 */
public final class Soak {

  /** The proxy's --max-body here: small, so that oversized bodies are cheap to send. */
  static final String MAX_BODY = "1MiB";

  /** How long a client waits after a 5xx before its next request. */
  static final Duration BACK_OFF = Duration.ofMillis(500);

  private final SoakSettings settings;
  private final PrintStream out;

  private Soak(SoakSettings settings, PrintStream out) {
    this.settings = settings;
    this.out = out;
  }

  public static void main(String[] args) throws Exception {
    SoakSettings settings;
    try {
      settings = SoakSettings.parse(args, System.getenv());
    } catch (IllegalArgumentException e) {
      System.err.println("soak: " + e.getMessage());
      System.exit(2);
      return;
    }
    System.exit(new Soak(settings, System.out).run());
  }

  private int run() throws Exception {
    Path work = Files.createTempDirectory("smartload-soak");
    Path procfs = Files.createDirectories(work.resolve("proc"));
    try (FakeOllama fake = machine(procfs);
        ProxyProcess proxy =
            ProxyProcess.start(
                settings.jar(), fake.url(), procfs, work, MAX_BODY, settings.jvmOptions())) {
      out.printf(
          "soak: %s from %s, %d mixed clients + 1 unloading, proxy pid %d on port %d, log %s%n",
          settings.describe(),
          java.time.Instant.now(),
          settings.clients(),
          proxy.pid(),
          proxy.port(),
          proxy.log());
      return soak(fake, proxy);
    }
  }

  /**
   * 24 GB, 4 GB used by the rest; each model fits alone, the large ones never all together. Each
   * model's {@code /api/show} carries its architecture facts, as Ollama's does for every GGUF
   * model, so the proxy decides by footprint as it would in front of a real Ollama.
   */
  private static FakeOllama machine(Path procfs) throws IOException {
    return FakeOllama.builder()
        .totalMemory(ByteSize.ofGigabytes("24"))
        .baseUsage(ByteSize.ofGigabytes("4"))
        .install("qwen2.5:14b", ByteSize.ofGigabytes("9"))
        .install("qwen3:8b", ByteSize.ofGigabytes("5.2"))
        .residentSize("qwen3:8b", ByteSize.ofGigabytes("5.7"))
        .install("gemma3:12b", ByteSize.ofGigabytes("8.1"))
        .install("llama3.1:8b", ByteSize.ofGigabytes("4.9"))
        .install("qwen3:1.7b", ByteSize.ofGigabytes("1.4"))
        .showAnswer("qwen2.5:14b", show("qwen2.5-14b"))
        .showAnswer("qwen3:8b", show("qwen3-8b"))
        .showAnswer("gemma3:12b", show("gemma3-12b"))
        .showAnswer("llama3.1:8b", show("llama3.1-8b"))
        .showAnswer("qwen3:1.7b", show("qwen3-1.7b"))
        .loadDelay(Duration.ofMillis(300))
        .unloadDelay(Duration.ofMillis(150))
        .memoryReturnDelay(Duration.ofMillis(150))
        .streaming(200, Duration.ofMillis(2))
        .procfsRoot(procfs)
        .start();
  }

  /** A model's {@code /api/show} answer from the test resources (built from its shape). */
  private static String show(String name) throws IOException {
    try (var in = Soak.class.getResourceAsStream("/ollama/show/" + name + ".json")) {
      if (in == null) {
        throw new IOException("no /api/show answer for " + name + " in the test resources");
      }
      return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }
  }

  private int soak(FakeOllama fake, ProxyProcess proxy) throws Exception {
    OkHttpClient client =
        new OkHttpClient.Builder()
            .retryOnConnectionFailure(false) // every failure counts; none is resent
            // Idle connections go well before the proxy's client idle timeout (5 min) closes
            // them, as a well-behaved client's do: otherwise a reuse racing that close is counted.
            .connectionPool(new ConnectionPool(16, 20, TimeUnit.SECONDS))
            .readTimeout(Duration.ofSeconds(90))
            .callTimeout(Duration.ofSeconds(120))
            .build();
    client.dispatcher().setMaxRequestsPerHost(64);
    Traffic traffic =
        new Traffic(client, HttpUrl.get("http://127.0.0.1:" + proxy.port() + "/"), 1024 * 1024);
    Tally tally = new Tally(System::nanoTime);
    long start = System.nanoTime();
    long end = start + settings.duration().toNanos();
    long warm = start + settings.warmUp().toNanos();
    Usage usage = new Usage(proxy);
    ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
    sampler.scheduleAtFixedRate(usage::sample, 0, 2, TimeUnit.SECONDS);
    ExecutorService clients = Executors.newFixedThreadPool(settings.clients() + 1);
    for (int i = 0; i < settings.clients(); i++) {
      Random random = new Random(i);
      clients.execute(
          () -> {
            while (System.nanoTime() < end) {
              Tally.Outcome outcome = traffic.send(traffic.pick(random), random);
              tally.add(outcome);
              if (outcome.result().startsWith("5")) {
                pause(BACK_OFF); // as a client would, rather than spin on a dead upstream
              }
            }
          });
    }
    clients.execute(
        () -> {
          while (System.nanoTime() < end) {
            traffic.unloadRound(tally::add);
            pause(Duration.ofSeconds(1));
          }
        });
    Chaos chaos = new Chaos(fake, start);
    sleepUntil(warm);
    ProxyProcess.Usage atStart = proxy.usage();
    chaos.runUntil(end);
    sleepUntil(end);
    ProxyProcess.Usage atEnd = proxy.usage(); // under the same load as at the start
    clients.shutdown();
    boolean drained = clients.awaitTermination(3, TimeUnit.MINUTES);
    sampler.shutdownNow();
    client.dispatcher().executorService().shutdown();
    client.connectionPool().evictAll();
    boolean alive = proxy.isAlive();
    long stopping = System.nanoTime();
    int exit = proxy.stop();
    Duration stopped = Duration.ofNanos(System.nanoTime() - stopping);
    Report report =
        new Report(out, settings, tally, fake, chaos.events(), usage, atStart, atEnd, proxy);
    return report.print(alive, drained, exit, stopped);
  }

  private static void sleepUntil(long nanos) throws InterruptedException {
    long left;
    while ((left = nanos - System.nanoTime()) > 0) {
      Thread.sleep(Math.max(1, Math.min(1000, left / 1_000_000)));
    }
  }

  private static void pause(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The proxy's RSS and threads every 2 s, for the peak. */
  static final class Usage {
    private final ProxyProcess proxy;
    private final List<ProxyProcess.Usage> samples = new ArrayList<>();

    Usage(ProxyProcess proxy) {
      this.proxy = proxy;
    }

    void sample() {
      try {
        ProxyProcess.Usage now = proxy.usage();
        synchronized (samples) {
          samples.add(now);
        }
      } catch (IOException | RuntimeException e) {
        // the proxy exited: the report says so
      }
    }

    ProxyProcess.Usage peak() {
      synchronized (samples) {
        long rss = samples.stream().mapToLong(ProxyProcess.Usage::rssKb).max().orElse(-1);
        int threads = samples.stream().mapToInt(ProxyProcess.Usage::threads).max().orElse(-1);
        return new ProxyProcess.Usage(rss, threads);
      }
    }
  }
}
