package io.github.smartload.cli;

import io.github.smartload.core.ByteSize;
import io.github.smartload.core.KeepAlive;
import io.github.smartload.core.LoadPolicy;
import io.github.smartload.core.ModelName;
import io.github.smartload.core.SizeTable;
import io.github.smartload.core.size.EstimateMode;
import io.github.smartload.ollama.OllamaHost;
import io.github.smartload.proc.GpuSelection;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Resolves the {@link Settings}: a flag wins over the environment, the environment over the config
 * file, the file over the defaults. The size table is the default table with the file's entries
 * added; each entry remembers where it came from.
 */
final class SettingsResolver {

  static final String DEFAULT_HOST = OllamaHost.display(OllamaHost.DEFAULT);

  private final Environment env;
  private final ConfigReader reader;

  @Inject
  SettingsResolver(Environment env, ConfigReader reader) {
    this.env = env;
    this.reader = reader;
  }

  Settings resolve(GlobalOptions flags) {
    ConfigFile file = readConfig(flags);
    SizeTable table = SizeTable.defaults().withAll(file.sizes(), file.path().toString());
    LoadPolicy defaults = LoadPolicy.defaults();
    LoadPolicy policy =
        defaults
            .withSizeTable(table)
            .withLargeThreshold(
                pick(
                    flags.threshold,
                    "SMARTLOAD_THRESHOLD",
                    ByteSize::parse,
                    file.threshold(),
                    defaults.largeThreshold()))
            .withEviction(
                pick(
                    flags.evict,
                    "SMARTLOAD_EVICT",
                    Converters::eviction,
                    file.evict(),
                    defaults.eviction()))
            .withPinned(pinned(flags, file))
            .withSizeSource(
                pick(
                    flags.sizeSource,
                    "SMARTLOAD_SIZE_SOURCE",
                    Converters::sizeSource,
                    file.sizeSource(),
                    defaults.sizeSource()))
            .withPlacement(
                pick(
                    flags.placement,
                    "SMARTLOAD_PLACEMENT",
                    Converters::placement,
                    file.placement(),
                    defaults.placement()))
            .withGpuMargin(
                pick(
                    flags.gpuMargin,
                    "SMARTLOAD_GPU_MARGIN",
                    Converters::gpuMargin,
                    file.gpuMargin(),
                    defaults.gpuMargin()));
    BigDecimal margin =
        pick(
            flags.margin, "SMARTLOAD_MARGIN", Converters::margin, file.margin(), defaults.margin());
    policy = policy.withMargin(margin); // in range: every source was checked as it was read
    KeepAlive keepAlive =
        pick(
            null,
            "SMARTLOAD_KEEP_ALIVE",
            Converters::keepAlive,
            file.keepAlive(),
            KeepAlive.DEFAULT);
    String host =
        Optional.ofNullable(flags.host)
            .or(() -> env.get("OLLAMA_HOST"))
            .or(file::host)
            .orElse(DEFAULT_HOST);
    Path systemdRoot = Optional.ofNullable(flags.systemdRoot).orElse(Path.of("/"));
    OllamaServerSettings ollamaServer =
        OllamaServerSettings.resolve(
            file.ollamaServer(),
            file.path().toString(),
            env,
            new SystemdUnit(systemdRoot, "ollama.service"));
    boolean emoji = !flags.noEmoji && Language.emoji(env);
    Settings.Output output =
        new Settings.Output(
            flags.json,
            flags.verbose,
            Language.choose(Optional.ofNullable(flags.lang), env),
            emoji);
    return new Settings(
        host,
        Optional.ofNullable(flags.procfs).orElse(Path.of("/proc")),
        Optional.ofNullable(flags.sysfs).orElse(Path.of("/sys")),
        Optional.ofNullable(flags.cgroup),
        file.exists() ? Optional.of(file.path()) : Optional.empty(),
        policy,
        keepAlive,
        output,
        systemdRoot,
        pick(flags.gpu, "SMARTLOAD_GPU", Converters::gpu, file.gpu(), GpuSelection.AUTO),
        pick(
            flags.nvidiaSmi,
            "SMARTLOAD_NVIDIA_SMI",
            Converters::nvidiaSmi,
            file.nvidiaSmi(),
            "nvidia-smi"),
        file.serve().withOllamaOrigins(env.get("OLLAMA_ORIGINS").or(file.serve()::ollamaOrigins)),
        pick(
            flags.estimate,
            "SMARTLOAD_ESTIMATE",
            EstimateMode::parse,
            file.estimate(),
            EstimateMode.AUTO),
        ollamaServer);
  }

  private ConfigFile readConfig(GlobalOptions flags) {
    if (flags.config != null) {
      return reader.read(flags.config, true);
    }
    Optional<String> named = env.get("SMARTLOAD_CONFIG");
    if (named.isPresent()) {
      return reader.read(Path.of(named.get()), true);
    }
    return reader.read(env.home().resolve(".config/smartload/config.json"), false);
  }

  private Set<ModelName> pinned(GlobalOptions flags, ConfigFile file) {
    if (!flags.pin.isEmpty()) {
      return new HashSet<>(flags.pin);
    }
    Optional<List<ModelName>> fromEnv =
        env.get("SMARTLOAD_PIN")
            .map(
                text ->
                    fromEnv(
                        "SMARTLOAD_PIN",
                        text,
                        value ->
                            Arrays.stream(value.split(","))
                                .map(String::strip)
                                .filter(name -> !name.isEmpty())
                                .map(ModelName::parse)
                                .toList()));
    return new HashSet<>(fromEnv.or(file::pin).orElse(List.of()));
  }

  /** The flag if given, else the environment variable, else the file, else the default. */
  private <T> T pick(
      T flag, String variable, Function<String, T> parse, Optional<T> fromFile, T fallback) {
    if (flag != null) {
      return flag;
    }
    Optional<String> value = env.get(variable);
    if (value.isPresent()) {
      return fromEnv(variable, value.get(), parse);
    }
    return fromFile.orElse(fallback);
  }

  private static <T> T fromEnv(String variable, String value, Function<String, T> parse) {
    try {
      return parse.apply(value);
    } catch (IllegalArgumentException e) {
      throw new ConfigException("environment variable " + variable + ": " + e.getMessage());
    }
  }
}
