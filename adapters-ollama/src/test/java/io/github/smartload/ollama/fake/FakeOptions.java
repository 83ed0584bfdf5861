package io.github.smartload.ollama.fake;

import io.github.smartload.core.ByteSize;
import io.github.smartload.core.ModelName;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a {@link FakeOllama} is started with: the machine (memory, installed models, GPUs), its
 * delays and how the server answers. The options of {@link FakeOllama.Builder}, kept apart from the
 * server they configure; sizes are what the OS and the models take.
 */
abstract sealed class FakeOptions permits FakeOllama.Builder {
  ByteSize total = ByteSize.ofGigabytes("32");
  ByteSize base = ByteSize.ofGigabytes("2");
  ByteSize swapTotal = ByteSize.ofGigabytes("8");
  final Map<ModelName, ByteSize> installed = new LinkedHashMap<>();
  final Map<ModelName, ByteSize> residentSizes = new LinkedHashMap<>();
  final Map<ModelName, String> shown = new LinkedHashMap<>();
  Duration unloadDelay = Duration.ofMillis(100);
  Duration memoryReturnDelay = Duration.ofMillis(100);
  Duration vramReturnDelay = Duration.ofMillis(100);
  final List<FakeVram.Device> gpus = new ArrayList<>();
  Path nvidiaSmiDir;
  int maxLoadedModels;
  Duration loadDelay = Duration.ZERO;
  Duration defaultKeepAlive = Duration.ofMinutes(5);
  int defaultContext = 4096;
  int streamChunks = 3;
  Duration streamGap = Duration.ZERO;
  String version = "0.13.0";
  Path procfsRoot;
  Clock clock = Clock.systemUTC();

  /** The machine's RAM (MemTotal); 32 GB unless set. */
  public FakeOllama.Builder totalMemory(ByteSize value) {
    this.total = Objects.requireNonNull(value);
    return self();
  }

  /** What the OS and other programs use besides the models; 2 GB unless set. */
  public FakeOllama.Builder baseUsage(ByteSize value) {
    this.base = Objects.requireNonNull(value);
    return self();
  }

  /** SwapTotal; 8 GB unless set (the original's advice). */
  public FakeOllama.Builder swapTotal(ByteSize value) {
    this.swapTotal = Objects.requireNonNull(value);
    return self();
  }

  /** Adds {@code model} to the catalogue with its file size, the size {@code /api/tags} shows. */
  public FakeOllama.Builder install(String model, ByteSize fileSize) {
    installed.put(ModelName.parse(model), Objects.requireNonNull(fileSize));
    return self();
  }

  /**
   * Ollama's {@code /api/show} answer for {@code model} (e.g. a fixture of {@code ollama/show/}),
   * sent as it is, so that a client can compute the model's footprint. Without one, the answer
   * carries only the architecture and parameter count, too little for a footprint.
   */
  public FakeOllama.Builder showAnswer(String model, String answer) {
    ModelName name = ModelName.parse(model);
    if (!installed.containsKey(name)) {
      throw new IllegalArgumentException(model + ": install it before giving its facts");
    }
    shown.put(name, Objects.requireNonNull(answer));
    return self();
  }

  /** The size in RAM once loaded ({@code /api/ps}); the file size unless set. */
  public FakeOllama.Builder residentSize(String model, ByteSize size) {
    ModelName name = ModelName.parse(model);
    if (!installed.containsKey(name)) {
      throw new IllegalArgumentException(model + ": install it before giving its resident size");
    }
    residentSizes.put(name, Objects.requireNonNull(size));
    return self();
  }

  /**
   * How long an unloaded model stays listed (as stopping) before it leaves {@code /api/ps}; its
   * memory follows after the {@link #memoryReturnDelay}.
   */
  public FakeOllama.Builder unloadDelay(Duration value) {
    this.unloadDelay = nonNegative(value, "unload delay");
    return self();
  }

  /**
   * How long after a model leaves {@code /api/ps} its memory shows in meminfo again; 100 ms unless
   * set. Ollama stops listing a model when its runner exits, and the kernel hands the pages back a
   * little later, so a client must not take the first reading as final. Zero keeps that order (the
   * memory returns in a separate task, just after the list entry has gone): it never makes both
   * happen at once.
   */
  public FakeOllama.Builder memoryReturnDelay(Duration value) {
    this.memoryReturnDelay = nonNegative(value, "memory return delay");
    return self();
  }

  /**
   * Adds a discrete GPU with {@code total} VRAM, the next index; a loading model's layers go to the
   * GPUs first, as Ollama places them (see {@link FakeVram} for the simplification).
   */
  public FakeOllama.Builder gpu(String name, ByteSize total) {
    gpus.add(new FakeVram.Device(Objects.requireNonNull(name), Objects.requireNonNull(total)));
    return self();
  }

  /**
   * How long after a model leaves {@code /api/ps} its VRAM shows free again; 100 ms unless set. The
   * driver frees a runner's memory after it exits, as the kernel frees its RAM.
   */
  public FakeOllama.Builder vramReturnDelay(Duration value) {
    this.vramReturnDelay = nonNegative(value, "VRAM return delay");
    return self();
  }

  /**
   * Writes a stand-in {@code nvidia-smi} into {@code dir} that prints the GPUs' readings as the
   * real one does (see {@link FakeOllama#nvidiaSmi()}); "No devices were found" without GPUs.
   */
  public FakeOllama.Builder nvidiaSmi(Path dir) {
    this.nvidiaSmiDir = Objects.requireNonNull(dir);
    return self();
  }

  /**
   * Ollama's {@code OLLAMA_MAX_LOADED_MODELS}: with that many models loaded it unloads one before
   * loading another. Unless set, Ollama's default: 3 per GPU, 3 without one.
   */
  public FakeOllama.Builder maxLoadedModels(int count) {
    if (count < 1) {
      throw new IllegalArgumentException("at least one model must be allowed: " + count);
    }
    this.maxLoadedModels = count;
    return self();
  }

  /** How long loading a model takes; none unless set. */
  public FakeOllama.Builder loadDelay(Duration value) {
    this.loadDelay = nonNegative(value, "load delay");
    return self();
  }

  /** The server's OLLAMA_KEEP_ALIVE, applied when a request sets none; 5m unless set. */
  public FakeOllama.Builder defaultKeepAlive(Duration value) {
    this.defaultKeepAlive = Objects.requireNonNull(value);
    return self();
  }

  /**
   * The context a request without {@code options.num_ctx} gets; 4096 unless set, Ollama's default
   * with no GPU (the fake has none and does not cap it at a trained length).
   */
  public FakeOllama.Builder defaultContext(int tokens) {
    if (tokens < 1) {
      throw new IllegalArgumentException("a context has at least one token: " + tokens);
    }
    this.defaultContext = tokens;
    return self();
  }

  /** A streamed answer's number of lines (the last is the {@code done} line) and their gap. */
  public FakeOllama.Builder streaming(int chunks, Duration gap) {
    if (chunks < 1) {
      throw new IllegalArgumentException("a stream has at least one chunk: " + chunks);
    }
    this.streamChunks = chunks;
    this.streamGap = nonNegative(gap, "stream gap");
    return self();
  }

  public FakeOllama.Builder version(String value) {
    this.version = Objects.requireNonNull(value);
    return self();
  }

  /** Mirrors memory into {@code <root>/meminfo} after every change. */
  public FakeOllama.Builder procfsRoot(Path root) {
    this.procfsRoot = Objects.requireNonNull(root);
    return self();
  }

  /** The clock behind expires_at; the system clock unless set. */
  public FakeOllama.Builder clock(Clock value) {
    this.clock = Objects.requireNonNull(value);
    return self();
  }

  private FakeOllama.Builder self() {
    return (FakeOllama.Builder) this;
  }

  private static Duration nonNegative(Duration value, String name) {
    if (value.isNegative()) {
      throw new IllegalArgumentException("the " + name + " cannot be negative: " + value);
    }
    return value;
  }
}
