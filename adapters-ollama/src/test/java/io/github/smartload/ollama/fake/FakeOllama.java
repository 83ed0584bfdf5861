package io.github.smartload.ollama.fake;

import com.sun.net.httpserver.HttpServer;
import io.github.smartload.core.ByteSize;
import io.github.smartload.core.KeepAlive;
import io.github.smartload.core.ModelName;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import okhttp3.HttpUrl;

/**
 * An in-process Ollama for end-to-end tests, on loopback at an ephemeral port: a catalogue of
 * installed models, the resident ones, asynchronous unloads, streamed answers, and simulated RAM
 * mirrored into {@code <procfsRoot>/meminfo} so the real memory probe sees it move. With GPUs
 * ({@link Builder#gpu}) a loading model's layers go to their VRAM first, {@code /api/ps} reports
 * {@code size_vram}, and a stand-in {@code nvidia-smi} ({@link Builder#nvidiaSmi}) prints their
 * readings for the real GPU probe.
 *
 * <pre>{@code
 * try (FakeOllama fake = FakeOllama.builder()
 *     .totalMemory(ByteSize.ofGigabytes("32")).baseUsage(ByteSize.ofGigabytes("8.3"))
 *     .install("qwen2.5:32b", ByteSize.ofGigabytes("19"))
 *     .install("qwen3:8b", ByteSize.ofGigabytes("5.2")).residentSize("qwen3:8b", ByteSize.ofGigabytes("5.7"))
 *     .unloadDelay(Duration.ofMillis(200)).procfsRoot(tempDir)
 *     .start()) {
 *   fake.preload("qwen3:8b");
 *   ... new OllamaRuntime(client, moshi, fake.url(), timeouts) ...
 * }
 * }</pre>
 */
public final class FakeOllama implements AutoCloseable {

  /** One request as the fake received it. */
  public record Request(String method, String path, String body) {}

  /** How the fake answers: version, default keep-alive, load delay and streaming. */
  record Settings(
      String version,
      Duration defaultKeepAlive,
      Duration loadDelay,
      int defaultContext,
      int streamChunks,
      Duration streamGap,
      String answer) {}

  private final ExecutorService workers;
  private final ScheduledExecutorService scheduler;
  private final FakeMachine machine;
  private final FakeVram vram;
  private final Optional<Path> nvidiaSmi;
  private final Settings settings;
  private final List<Request> requests = new ArrayList<>();
  private final FakeOllamaHandler handler;
  private final FakeLife life;
  private final int port;

  /** The server of this life; a restart binds a new one to the same port. */
  private volatile HttpServer server;

  private FakeOllama(Builder builder) throws IOException {
    this.settings =
        new Settings(
            builder.version,
            builder.defaultKeepAlive,
            builder.loadDelay,
            builder.defaultContext,
            builder.streamChunks,
            builder.streamGap,
            "word1 word2");
    this.scheduler = Executors.newSingleThreadScheduledExecutor(daemon("fake-ollama-unload"));
    Optional<Path> smiDir = Optional.ofNullable(builder.nvidiaSmiDir);
    this.vram =
        new FakeVram(builder.gpus, smiDir.map(dir -> dir.resolve("nvidia-smi-readings.csv")));
    this.nvidiaSmi =
        smiDir.map(dir -> NvidiaSmiStandIn.write(dir, dir.resolve("nvidia-smi-readings.csv")));
    this.machine =
        new FakeMachine(
            builder.total,
            builder.base,
            builder.swapTotal,
            builder.installed,
            builder.residentSizes,
            builder.unloadDelay,
            builder.memoryReturnDelay,
            vram,
            builder.vramReturnDelay,
            Optional.ofNullable(builder.procfsRoot),
            builder.clock,
            scheduler);
    this.workers = Executors.newCachedThreadPool(daemon("fake-ollama-http"));
    this.life = new FakeLife(this::die);
    this.handler =
        new FakeOllamaHandler(machine, settings, this::record, life, Map.copyOf(builder.shown));
    this.server = listen(0);
    this.port = server.getAddress().getPort();
  }

  private HttpServer listen(int on) throws IOException {
    HttpServer created =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), on), 0);
    created.createContext("/", handler);
    created.setExecutor(workers);
    created.start();
    return created;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Where the fake listens, e.g. {@code http://127.0.0.1:41234/}. */
  public HttpUrl url() {
    return new HttpUrl.Builder()
        .scheme("http")
        .host(InetAddress.getLoopbackAddress().getHostAddress())
        .port(port)
        .build();
  }

  /**
   * The next request that brings a model into memory kills the server, as the kernel's OOM killer
   * or a driver crash kills Ollama: the request is read, no answer is sent, the connection closes,
   * nothing listens on the port any more, and every resident model's memory goes back to the
   * machine. A request for a model already serving answers as usual.
   */
  public FakeOllama dieDuringNextLoad() {
    life.dieDuringNextLoad();
    return this;
  }

  /**
   * Kills the server now, whatever it is doing, as an operator's {@code kill -9} or a crash would:
   * streams in progress are cut, nothing listens any more, and the models' memory goes back. A
   * death armed by {@link #dieDuringNextLoad()} that no load fired is disarmed: the next life
   * starts clean.
   */
  public FakeOllama kill() {
    life.kill();
    return this;
  }

  /**
   * Stalls the server as {@code kill -STOP} would: connections are still accepted, but nothing is
   * read or answered and streams in progress pause, until {@link #thaw()} (or a kill).
   */
  public FakeOllama freeze() {
    life.freeze();
    return this;
  }

  /** Ends a {@link #freeze()}: the waiting requests and paused streams go on. */
  public FakeOllama thaw() {
    life.thaw();
    return this;
  }

  /** Whether the server listens; false once it died, until {@link #restart()}. */
  public boolean isRunning() {
    return !life.dead();
  }

  /**
   * Starts the server again on the same port with nothing resident, as systemd restarts Ollama
   * after it died; the catalogue of installed models and the request log stay.
   */
  public FakeOllama restart() {
    life.revive(() -> server = listenAgain());
    return this;
  }

  /**
   * Binds the old port again, retrying while it is still taken: HttpServer.stop closes its
   * listening socket on its dispatcher thread, which a loaded machine may not have run yet.
   */
  private HttpServer listenAgain() {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (true) {
      try {
        return listen(port);
      } catch (java.net.BindException e) {
        if (System.nanoTime() > deadline) {
          throw new UncheckedIOException("cannot listen on port " + port + " again", e);
        }
        try {
          Thread.sleep(20);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          throw new UncheckedIOException("interrupted while listening again", e);
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot listen on port " + port + " again", e);
      }
    }
  }

  /** A death: stop listening first, so nothing is answered after it; then drop every connection. */
  private void die() {
    server.stop(0);
    machine.killed();
  }

  /** Makes {@code model} resident now, with the server's default keep-alive, unrecorded. */
  public FakeOllama preload(String model) {
    return preload(model, new KeepAlive(settings.defaultKeepAlive()));
  }

  public FakeOllama preload(String model, KeepAlive keepAlive) {
    return preload(model, keepAlive, settings.defaultContext());
  }

  /**
   * Makes {@code model} resident now at {@code context} tokens, as a client's request with that
   * {@code num_ctx} would, unrecorded.
   */
  public FakeOllama preloadAt(String model, int context) {
    return preload(model, new KeepAlive(settings.defaultKeepAlive()), context);
  }

  private FakeOllama preload(String model, KeepAlive keepAlive, int context) {
    ModelName name = ModelName.parse(model);
    if (!machine.isInstalled(name)) {
      throw new IllegalArgumentException(model + " is not installed in the fake: install it first");
    }
    machine.loaded(name, keepAlive.duration(), context);
    return this;
  }

  /** The models {@code /api/ps} lists now (those stopping included), latest expiry first. */
  public List<ModelName> residentModels() {
    return machine.listed().stream().map(FakeMachine.Resident::name).toList();
  }

  /** Every request received so far, in order. */
  public List<Request> requests() {
    synchronized (requests) {
      return List.copyOf(requests);
    }
  }

  /** The requests received for {@code path}, e.g. {@code /api/generate}. */
  public List<Request> requests(String path) {
    return requests().stream().filter(request -> request.path().equals(path)).toList();
  }

  /** Memory in use now: the base usage plus every resident model. */
  public ByteSize used() {
    return machine.used();
  }

  /** What the meminfo mirror reports as MemAvailable now. */
  public ByteSize available() {
    return machine.available();
  }

  /** The VRAM {@code model} holds now ({@code size_vram}); zero without GPUs. */
  public ByteSize vramOf(String model) {
    return machine.vramOf(ModelName.parse(model));
  }

  /** The free memory of GPU {@code index} now, as the stand-in nvidia-smi reports it. */
  public ByteSize vramFree(int index) {
    return vram.readings().get(index).free();
  }

  /** The stand-in {@code nvidia-smi} to give the real probe; set with {@link Builder#nvidiaSmi}. */
  public Path nvidiaSmi() {
    return nvidiaSmi.orElseThrow(
        () ->
            new IllegalStateException("the fake has no stand-in nvidia-smi: call nvidiaSmi(dir)"));
  }

  /** The most memory ever in use, models and base together. */
  public ByteSize peakUsed() {
    return machine.peakUsed();
  }

  /** Whether memory in use ever exceeded the total (the machine would have swapped). */
  public boolean everOvercommitted() {
    return machine.everOvercommitted();
  }

  /**
   * How many times memory in use went beyond the total: each stretch of over-commit counts once,
   * from the moment it begins.
   */
  public int overcommitCount() {
    return machine.overcommits();
  }

  /**
   * What began each stretch of over-commit (the first 20): when, the change that tipped it (e.g.
   * {@code the load of qwen3:1.7b}), and what was resident then.
   */
  public List<String> overcommitRecords() {
    return machine.overcommitRecords();
  }

  /**
   * How many unloads were asked for (keep_alive 0) while a streamed answer from that model was
   * running. Ollama lets the stream finish, but whoever asked evicted a model in use: a smart
   * loader that counts busy models never should.
   */
  public int busyUnloadCount() {
    return machine.busyUnloads();
  }

  /** How many times {@code model} was brought into memory (preloads included). */
  public int loadCount(String model) {
    return machine.loadCount(ModelName.parse(model));
  }

  /** How many times {@code model} was asked to leave memory (expiry included). */
  public int unloadCount(String model) {
    return machine.unloadCount(ModelName.parse(model));
  }

  /**
   * How many times {@code model} was restarted at another context while serving: a request whose
   * {@code num_ctx} (or, without one, the default context) differed from the runner's.
   */
  public int reloadCount(String model) {
    return machine.reloadCount(ModelName.parse(model));
  }

  /** The context {@code model} serves at now, as {@code /api/ps} shows it; empty if not serving. */
  public Optional<Integer> contextOf(String model) {
    return machine.servingContext(ModelName.parse(model));
  }

  private void record(Request request) {
    synchronized (requests) {
      requests.add(request);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    workers.shutdownNow();
    scheduler.shutdownNow();
    try {
      workers.awaitTermination(5, TimeUnit.SECONDS);
      // A memory-return task may be mirroring meminfo right now: once close() returns, nothing
      // writes into the test's directories any more, so JUnit can delete them.
      scheduler.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    return runnable -> {
      Thread thread = new Thread(runnable, name);
      thread.setDaemon(true);
      return thread;
    };
  }

  /** Configures a {@link FakeOllama}; sizes are what the OS and the models take. */
  public static final class Builder {
    private ByteSize total = ByteSize.ofGigabytes("32");
    private ByteSize base = ByteSize.ofGigabytes("2");
    private ByteSize swapTotal = ByteSize.ofGigabytes("8");
    private final Map<ModelName, ByteSize> installed = new LinkedHashMap<>();
    private final Map<ModelName, ByteSize> residentSizes = new LinkedHashMap<>();
    private final Map<ModelName, String> shown = new LinkedHashMap<>();
    private Duration unloadDelay = Duration.ofMillis(100);
    private Duration memoryReturnDelay = Duration.ofMillis(100);
    private Duration vramReturnDelay = Duration.ofMillis(100);
    private final List<FakeVram.Device> gpus = new ArrayList<>();
    private Path nvidiaSmiDir;
    private Duration loadDelay = Duration.ZERO;
    private Duration defaultKeepAlive = Duration.ofMinutes(5);
    private int defaultContext = 4096;
    private int streamChunks = 3;
    private Duration streamGap = Duration.ZERO;
    private String version = "0.13.0";
    private Path procfsRoot;
    private Clock clock = Clock.systemUTC();

    private Builder() {}

    /** The machine's RAM (MemTotal); 32 GB unless set. */
    public Builder totalMemory(ByteSize value) {
      this.total = Objects.requireNonNull(value);
      return this;
    }

    /** What the OS and other programs use besides the models; 2 GB unless set. */
    public Builder baseUsage(ByteSize value) {
      this.base = Objects.requireNonNull(value);
      return this;
    }

    /** SwapTotal; 8 GB unless set (the original's advice). */
    public Builder swapTotal(ByteSize value) {
      this.swapTotal = Objects.requireNonNull(value);
      return this;
    }

    /** Adds {@code model} to the catalogue with its file size, the size {@code /api/tags} shows. */
    public Builder install(String model, ByteSize fileSize) {
      installed.put(ModelName.parse(model), Objects.requireNonNull(fileSize));
      return this;
    }

    /**
     * Ollama's {@code /api/show} answer for {@code model} (e.g. a fixture of {@code ollama/show/}),
     * sent as it is, so that a client can compute the model's footprint. Without one, the answer
     * carries only the architecture and parameter count, too little for a footprint.
     */
    public Builder showAnswer(String model, String answer) {
      ModelName name = ModelName.parse(model);
      if (!installed.containsKey(name)) {
        throw new IllegalArgumentException(model + ": install it before giving its facts");
      }
      shown.put(name, Objects.requireNonNull(answer));
      return this;
    }

    /** The size in RAM once loaded ({@code /api/ps}); the file size unless set. */
    public Builder residentSize(String model, ByteSize size) {
      ModelName name = ModelName.parse(model);
      if (!installed.containsKey(name)) {
        throw new IllegalArgumentException(model + ": install it before giving its resident size");
      }
      residentSizes.put(name, Objects.requireNonNull(size));
      return this;
    }

    /**
     * How long an unloaded model stays listed (as stopping) before it leaves {@code /api/ps}; its
     * memory follows after the {@link #memoryReturnDelay}.
     */
    public Builder unloadDelay(Duration value) {
      this.unloadDelay = nonNegative(value, "unload delay");
      return this;
    }

    /**
     * How long after a model leaves {@code /api/ps} its memory shows in meminfo again; 100 ms
     * unless set. Ollama stops listing a model when its runner exits, and the kernel hands the
     * pages back a little later, so a client must not take the first reading as final. Zero keeps
     * that order (the memory returns in a separate task, just after the list entry has gone): it
     * never makes both happen at once.
     */
    public Builder memoryReturnDelay(Duration value) {
      this.memoryReturnDelay = nonNegative(value, "memory return delay");
      return this;
    }

    /**
     * Adds a discrete GPU with {@code total} VRAM, the next index; a loading model's layers go to
     * the GPUs first, as Ollama places them (see {@link FakeVram} for the simplification).
     */
    public Builder gpu(String name, ByteSize total) {
      gpus.add(new FakeVram.Device(Objects.requireNonNull(name), Objects.requireNonNull(total)));
      return this;
    }

    /**
     * How long after a model leaves {@code /api/ps} its VRAM shows free again; 100 ms unless set.
     * The driver frees a runner's memory after it exits, as the kernel frees its RAM.
     */
    public Builder vramReturnDelay(Duration value) {
      this.vramReturnDelay = nonNegative(value, "VRAM return delay");
      return this;
    }

    /**
     * Writes a stand-in {@code nvidia-smi} into {@code dir} that prints the GPUs' readings as the
     * real one does (see {@link FakeOllama#nvidiaSmi()}); "No devices were found" without GPUs.
     */
    public Builder nvidiaSmi(Path dir) {
      this.nvidiaSmiDir = Objects.requireNonNull(dir);
      return this;
    }

    /** How long loading a model takes; none unless set. */
    public Builder loadDelay(Duration value) {
      this.loadDelay = nonNegative(value, "load delay");
      return this;
    }

    /** The server's OLLAMA_KEEP_ALIVE, applied when a request sets none; 5m unless set. */
    public Builder defaultKeepAlive(Duration value) {
      this.defaultKeepAlive = Objects.requireNonNull(value);
      return this;
    }

    /**
     * The context a request without {@code options.num_ctx} gets; 4096 unless set, Ollama's default
     * with no GPU (the fake has none and does not cap it at a trained length).
     */
    public Builder defaultContext(int tokens) {
      if (tokens < 1) {
        throw new IllegalArgumentException("a context has at least one token: " + tokens);
      }
      this.defaultContext = tokens;
      return this;
    }

    /** A streamed answer's number of lines (the last is the {@code done} line) and their gap. */
    public Builder streaming(int chunks, Duration gap) {
      if (chunks < 1) {
        throw new IllegalArgumentException("a stream has at least one chunk: " + chunks);
      }
      this.streamChunks = chunks;
      this.streamGap = nonNegative(gap, "stream gap");
      return this;
    }

    public Builder version(String value) {
      this.version = Objects.requireNonNull(value);
      return this;
    }

    /** Mirrors memory into {@code <root>/meminfo} after every change. */
    public Builder procfsRoot(Path root) {
      this.procfsRoot = Objects.requireNonNull(root);
      return this;
    }

    /** The clock behind expires_at; the system clock unless set. */
    public Builder clock(Clock value) {
      this.clock = Objects.requireNonNull(value);
      return this;
    }

    public FakeOllama start() {
      try {
        return new FakeOllama(this);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot start the fake Ollama on loopback", e);
      }
    }

    private static Duration nonNegative(Duration value, String name) {
      if (value.isNegative()) {
        throw new IllegalArgumentException("the " + name + " cannot be negative: " + value);
      }
      return value;
    }
  }
}
