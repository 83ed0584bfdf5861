package io.github.smartload.cli;

import io.github.smartload.core.ByteSize;
import io.github.smartload.core.EvictionStrategy;
import io.github.smartload.core.ModelName;
import io.github.smartload.core.PlacementMode;
import io.github.smartload.core.SizeSource;
import io.github.smartload.core.size.EstimateMode;
import io.github.smartload.proc.GpuSelection;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * The options every command shares. They are inherited, so they may stand before or after the
 * subcommand; unset options stay {@code null} so that the environment and the config file can fill
 * them in ({@link SettingsResolver}).
 */
public final class GlobalOptions {

  @Option(
      names = "--host",
      paramLabel = "URL",
      scope = ScopeType.INHERIT,
      converter = Converters.Host.class,
      description = "Ollama's address (default: $OLLAMA_HOST, else http://127.0.0.1:11434).")
  String host;

  @Option(
      names = "--procfs",
      paramLabel = "DIR",
      scope = ScopeType.INHERIT,
      description = "Where /proc is mounted (default: /proc).")
  Path procfs;

  @Option(
      names = "--sysfs",
      paramLabel = "DIR",
      scope = ScopeType.INHERIT,
      description = "Where /sys is mounted (default: /sys).")
  Path sysfs;

  @Option(
      names = "--gpu",
      paramLabel = "auto|none|nvidia|amd",
      scope = ScopeType.INHERIT,
      converter = Converters.Gpu.class,
      description =
          "Which GPUs to read: NVIDIA's and AMD's (auto, default), none, or one vendor's.")
  GpuSelection gpu;

  @Option(
      names = "--nvidia-smi",
      paramLabel = "PATH",
      scope = ScopeType.INHERIT,
      converter = Converters.NvidiaSmi.class,
      description = "The nvidia-smi to run (default: nvidia-smi on PATH).")
  String nvidiaSmi;

  @Option(
      names = "--placement",
      paramLabel = "any|gpu",
      scope = ScopeType.INHERIT,
      converter = Converters.Placement.class,
      description =
          "Where a model must fit: anywhere, its layers spilling from the GPUs to RAM without"
              + " swapping (any, default), or wholly on the GPUs, unloading models that hold VRAM"
              + " (gpu).")
  PlacementMode placement;

  @Option(
      names = "--gpu-margin",
      paramLabel = "SIZE",
      scope = ScopeType.INHERIT,
      converter = Converters.GpuMargin.class,
      description =
          "Free memory a placement leaves on each GPU, as llama-server's --fit-target (default"
              + " 1GiB).")
  ByteSize gpuMargin;

  @Option(
      names = "--cgroup",
      paramLabel = "PATH",
      scope = ScopeType.INHERIT,
      description =
          "The cgroup models load in, as in /proc/PID/cgroup (default: the ollama process's).")
  String cgroup;

  @Option(
      names = "--config",
      paramLabel = "FILE",
      scope = ScopeType.INHERIT,
      description =
          "Config file (default: $SMARTLOAD_CONFIG, else ~/.config/smartload/config.json).")
  Path config;

  @Option(
      names = "--json",
      scope = ScopeType.INHERIT,
      description = "Print one JSON object on stdout instead of the log.")
  boolean json;

  @Option(
      names = "--margin",
      paramLabel = "FACTOR",
      scope = ScopeType.INHERIT,
      description = "Safety margin: required = size x FACTOR (1.2 or 20%%; default 1.2).")
  BigDecimal margin;

  @Option(
      names = "--estimate",
      paramLabel = "auto|architecture|margin",
      scope = ScopeType.INHERIT,
      converter = Converters.Estimate.class,
      description =
          "Requirement by the model's footprint at its context where its facts are known, else"
              + " size x margin (auto, default); the footprint only (architecture); or the margin.")
  EstimateMode estimate;

  @Option(
      names = "--threshold",
      paramLabel = "SIZE",
      scope = ScopeType.INHERIT,
      description = "Models from this size on are large (default 5GB).")
  ByteSize threshold;

  @Option(
      names = "--evict",
      paramLabel = "all|expiring",
      scope = ScopeType.INHERIT,
      converter = Converters.Eviction.class,
      description =
          "Unload every unpinned model (all, default), or the fewest whose keep-alive runs out"
              + " first (expiring; lru is the same).")
  EvictionStrategy evict;

  @Option(
      names = "--pin",
      paramLabel = "MODEL",
      scope = ScopeType.INHERIT,
      description = "Never unload this model to make room (repeatable).")
  List<ModelName> pin = new ArrayList<>();

  @Option(
      names = "--size-source",
      paramLabel = "table|table+runtime",
      scope = ScopeType.INHERIT,
      converter = Converters.Sizes.class,
      description =
          "Model sizes from the table only (the original's rule) or the table, then Ollama"
              + " (default).")
  SizeSource sizeSource;

  @Option(
      names = "--lang",
      paramLabel = "en|de",
      scope = ScopeType.INHERIT,
      converter = Converters.Lang.class,
      description = "Language of the log: en or de (default: from LC_ALL, LC_MESSAGES, LANG).")
  String lang;

  @Option(
      names = "--no-emoji",
      scope = ScopeType.INHERIT,
      description = "Plain symbols instead of emoji in the log.")
  boolean noEmoji;

  @Option(
      names = {"-v", "--verbose"},
      scope = ScopeType.INHERIT,
      description = "Debug logging on stderr, and stack traces with errors.")
  boolean verbose;

  @Option(
      names = "--systemd-root",
      paramLabel = "DIR",
      scope = ScopeType.INHERIT,
      hidden = true,
      description = "Root under which doctor looks for systemd units (tests).")
  Path systemdRoot;

  public boolean json() {
    return json;
  }

  public boolean verbose() {
    return verbose;
  }
}
