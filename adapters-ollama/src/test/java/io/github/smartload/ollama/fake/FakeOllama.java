package io.github.smartload.ollama.fake;

import io.github.smartload.core.ByteSize;
import io.github.smartload.core.KeepAlive;
import io.github.smartload.core.ModelName;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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

  private final ScheduledExecutorService scheduler;
  private final FakeMachine machine;
  private final FakeVram vram;
  private final Optional<Path> nvidiaSmi;
  private final FakeSettings settings;
  private final List<Request> requests = new ArrayList<>();
  private final FakeOllamaHandler handler;
  private final FakeLife life;
  private final FakeServer server;

  private FakeOllama(Builder builder) throws IOException {
    this.settings =
        new FakeSettings(
            builder.version,
            builder.defaultKeepAlive,
            builder.loadDelay,
            builder.defaultContext,
            builder.streamChunks,
            builder.streamGap,
            "word1 word2");
    this.scheduler =
        Executors.newSingleThreadScheduledExecutor(FakeServer.daemon("fake-ollama-unload"));
    Optional<Path> smiDir = Optional.ofNullable(builder.nvidiaSmiDir);
    this.vram =
        new FakeVram(builder.gpus, smiDir.map(dir -> dir.resolve("nvidia-smi-readings.csv")));
    this.nvidiaSmi =
        smiDir.map(dir -> NvidiaSmiStandIn.write(dir, dir.resolve("nvidia-smi-readings.csv")));
    this.machine = new FakeMachine(builder, vram, scheduler);
    this.life = new FakeLife(this::die);
    this.handler =
        new FakeOllamaHandler(machine, settings, this::record, life, Map.copyOf(builder.shown));
    this.server = new FakeServer(handler);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Where the fake listens, e.g. {@code http://127.0.0.1:41234/}. */
  public HttpUrl url() {
    return new HttpUrl.Builder()
        .scheme("http")
        .host(InetAddress.getLoopbackAddress().getHostAddress())
        .port(server.port())
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
    life.revive(server::restart);
    return this;
  }

  /** A death: stop listening first, so nothing is answered after it; then drop every connection. */
  private void die() {
    server.stop();
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

  /**
   * Makes {@code model} resident now with every layer in RAM, none on the GPUs, as a request with
   * {@code options.num_gpu} 0 would, unrecorded.
   */
  public FakeOllama preloadInRam(String model) {
    ModelName name = ModelName.parse(model);
    if (!machine.isInstalled(name)) {
      throw new IllegalArgumentException(model + " is not installed in the fake: install it first");
    }
    machine.loaded(
        name, settings.defaultKeepAlive(), settings.defaultContext(), /* onGpus= */ false);
    return this;
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
    return machine.listed().stream().map(FakeResident::name).toList();
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
    server.close();
    scheduler.shutdownNow();
    try {
      server.awaitIdle();
      // A memory-return task may be mirroring meminfo right now: once close() returns, nothing
      // writes into the test's directories any more, so JUnit can delete them.
      scheduler.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Configures a {@link FakeOllama} (its options: {@link FakeOptions}) and starts it. */
  public static final class Builder extends FakeOptions {

    private Builder() {}

    public FakeOllama start() {
      try {
        return new FakeOllama(this);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot start the fake Ollama on loopback", e);
      }
    }
  }
}
