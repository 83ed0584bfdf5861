package io.github.smartload.cli;

import io.github.smartload.core.ByteSize;
import io.github.smartload.core.footprint.FlashAttention;
import io.github.smartload.core.footprint.KvCacheType;
import io.github.smartload.core.footprint.ServerSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The Ollama server's settings that change a model's footprint or its own evictions, each from the
 * config file's {@code ollamaServer}, else smartload's environment, else {@code ollama.service} as
 * systemd would give them, else unset (Ollama's default).
 */
final class OllamaServerSettings {

  static final String CONTEXT_LENGTH = "OLLAMA_CONTEXT_LENGTH";
  static final String NUM_PARALLEL = "OLLAMA_NUM_PARALLEL";
  static final String KV_CACHE_TYPE = "OLLAMA_KV_CACHE_TYPE";
  static final String FLASH_ATTENTION = "OLLAMA_FLASH_ATTENTION";

  /** How many models Ollama keeps loaded before it unloads one itself (server/sched.go 265). */
  static final String MAX_LOADED_MODELS = "OLLAMA_MAX_LOADED_MODELS";

  static final List<String> NAMES =
      List.of(CONTEXT_LENGTH, NUM_PARALLEL, KV_CACHE_TYPE, FLASH_ATTENTION, MAX_LOADED_MODELS);

  /** Where a setting was read. */
  enum Origin {
    CONFIG_FILE,
    ENVIRONMENT,
    SYSTEMD_UNIT,
    UNSET
  }

  /**
   * One setting: its value if set anywhere, and where it was read.
   *
   * @param file the config file or unit file it was read from; empty for the environment or unset
   */
  record Setting(String name, Optional<String> value, Origin origin, String file) {
    Setting {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(value, "value");
      Objects.requireNonNull(origin, "origin");
      Objects.requireNonNull(file, "file");
    }

    /** For messages: {@code environment}, or the file's path. */
    String source() {
      return origin == Origin.ENVIRONMENT ? "environment" : file;
    }
  }

  private final List<Setting> settings;

  private OllamaServerSettings(List<Setting> settings) {
    this.settings = List.copyOf(settings);
  }

  /** Every setting unset: Ollama's defaults (an offline plan has no server to ask about). */
  static OllamaServerSettings unset() {
    return new OllamaServerSettings(
        NAMES.stream().map(name -> new Setting(name, Optional.empty(), Origin.UNSET, "")).toList());
  }

  static OllamaServerSettings resolve(
      Map<String, String> fromFile, String fileName, Environment env, SystemdUnit unit) {
    List<Setting> found = new ArrayList<>();
    for (String name : NAMES) {
      Setting setting;
      if (fromFile.containsKey(name)) {
        setting = new Setting(name, Optional.of(fromFile.get(name)), Origin.CONFIG_FILE, fileName);
      } else if (env.get(name).isPresent()) {
        setting = new Setting(name, env.get(name), Origin.ENVIRONMENT, "");
      } else {
        setting =
            unit.environment(name)
                .map(
                    assignment ->
                        new Setting(
                            name,
                            Optional.of(assignment.value()),
                            Origin.SYSTEMD_UNIT,
                            assignment.file().toString()))
                .orElseGet(() -> new Setting(name, Optional.empty(), Origin.UNSET, ""));
      }
      check(setting);
      found.add(setting);
    }
    return new OllamaServerSettings(found);
  }

  List<Setting> all() {
    return settings;
  }

  /** Core's server settings, with the GPUs' totals for Ollama's automatic context. */
  ServerSettings toServer(List<ByteSize> gpuTotals) {
    ServerSettings server = ServerSettings.defaults().withGpus(gpuTotals, ByteSize.ZERO);
    KvCacheType cache = KvCacheType.F16;
    FlashAttention attention = FlashAttention.AUTO;
    for (Setting setting : settings) {
      if (setting.value().isEmpty()) {
        continue;
      }
      String text = setting.value().get();
      switch (setting.name()) {
        case CONTEXT_LENGTH -> server = server.withContextLength(tokens(text));
        case NUM_PARALLEL -> server = server.withNumParallel(tokens(text));
        case MAX_LOADED_MODELS -> server = server.withMaxLoadedModels(tokens(text));
        case KV_CACHE_TYPE -> cache = cacheType(text);
        case FLASH_ATTENTION -> attention = flashAttention(text);
        default -> throw new IllegalStateException(setting.name());
      }
    }
    if (cache.isQuantized() && attention == FlashAttention.OFF) {
      throw new ConfigException(
          KV_CACHE_TYPE
              + " "
              + cache.settingName()
              + " needs flash attention, but "
              + FLASH_ATTENTION
              + " is off: llama.cpp refuses that; unset one of them");
    }
    return server.withCache(cache, attention);
  }

  private static void check(Setting setting) {
    setting
        .value()
        .ifPresent(
            text -> {
              try {
                check(setting.name(), text);
              } catch (IllegalArgumentException e) {
                throw new ConfigException(
                    setting.name() + " from " + setting.source() + ": " + e.getMessage());
              }
            });
  }

  /**
   * Returns {@code text} if it is a value {@code name} takes.
   *
   * @throws IllegalArgumentException saying what is wrong
   */
  static String check(String name, String text) {
    switch (name) {
      case CONTEXT_LENGTH, NUM_PARALLEL, MAX_LOADED_MODELS -> tokens(text);
      case KV_CACHE_TYPE -> cacheType(text);
      case FLASH_ATTENTION -> flashAttention(text);
      default -> throw new IllegalArgumentException(name + " is not a setting smartload reads");
    }
    return text;
  }

  private static int tokens(String text) {
    try {
      int value = Integer.parseInt(text.strip());
      if (value < 0) {
        throw new NumberFormatException();
      }
      return value;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("'" + text + "' is not a whole number from 0");
    }
  }

  /** Ollama reads an empty value as unset (f16). */
  private static KvCacheType cacheType(String text) {
    return text.isBlank() ? KvCacheType.F16 : KvCacheType.parse(text);
  }

  /** As Ollama's envconfig.Bool reads it (strconv.ParseBool); empty is unset, so auto. */
  private static FlashAttention flashAttention(String text) {
    return switch (text.strip().toLowerCase(Locale.ROOT)) {
      case "" -> FlashAttention.AUTO;
      case "1", "t", "true" -> FlashAttention.ON;
      case "0", "f", "false" -> FlashAttention.OFF;
      default ->
          throw new IllegalArgumentException(
              "'" + text + "' is not a boolean: use 1, true, 0 or false");
    };
  }
}
